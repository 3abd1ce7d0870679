package io.github.sslstarter.material;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.github.sslstarter.material.KeyAssertions.assertKeyPairsWith;
import static io.github.sslstarter.material.OpenSsl.PASSWORD;
import static io.github.sslstarter.material.OpenSsl.run;
import static org.assertj.core.api.Assertions.assertThat;

/** Every private key format openssl writes, for RSA, EC (P-256) and Ed25519 where the format allows. */
class PrivateKeyFormatsTest {

	@TempDir
	static Path dir;

	@BeforeAll
	static void generateKeys() {
		for (String algorithm : new String[] { "RSA", "EC", "ED25519" }) {
			String name = algorithm.toLowerCase();
			OpenSsl.generateKey(dir, algorithm, name + ".pem");
			run(dir, "pkey", "-in", name + ".pem", "-pubout", "-outform", "DER", "-out", name + ".pub.der");
			run(dir, "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", name + ".pem", "-passout", "pass:" + PASSWORD,
					"-out", name + "-pbes2.pem");
			run(dir, "pkcs8", "-topk8", "-nocrypt", "-in", name + ".pem", "-outform", "DER", "-out",
					name + "-pkcs8.der");
			run(dir, "pkcs8", "-topk8", "-v2", "aes-128-cbc", "-in", name + ".pem", "-outform", "DER", "-passout",
					"pass:" + PASSWORD, "-out", name + "-pbes2.der");
		}
		for (String algorithm : new String[] { "RSA", "EC" }) {
			String name = algorithm.toLowerCase();
			String tool = algorithm.toLowerCase();
			run(dir, "pkey", "-in", name + ".pem", "-traditional", "-out", name + "-traditional.pem");
			run(dir, "pkey", "-in", name + ".pem", "-traditional", "-outform", "DER", "-out",
					name + "-traditional.der");
			for (String cipher : new String[] { "aes128", "aes256", "des3" }) {
				if (algorithm.equals("RSA")) {
					run(dir, tool, "-in", name + ".pem", "-" + cipher, "-traditional", "-passout", "pass:" + PASSWORD,
							"-out", name + "-legacy-" + cipher + ".pem");
				}
				else {
					run(dir, tool, "-in", name + ".pem", "-" + cipher, "-passout", "pass:" + PASSWORD, "-out",
							name + "-legacy-" + cipher + ".pem");
				}
			}
		}
	}

	private static PrivateKey load(String file, char[] password) {
		return Material.privateKey(dir.resolve(file).toString(), password);
	}

	@ParameterizedTest
	@ValueSource(strings = { "rsa", "ec", "ed25519" })
	void readsPkcs8Pem(String name) throws Exception {
		assertKeyPairsWith(load(name + ".pem", null), dir.resolve(name + ".pub.der"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "rsa", "ec" })
	void readsTraditionalPemPkcs1RsaAndSec1Ec(String name) throws Exception {
		assertThat(dir.resolve(name + "-traditional.pem")).content()
			.startsWith("-----BEGIN " + name.toUpperCase() + " PRIVATE KEY-----");
		assertKeyPairsWith(load(name + "-traditional.pem", null), dir.resolve(name + ".pub.der"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "rsa", "ec", "ed25519" })
	void readsPbes2EncryptedPkcs8Pem(String name) throws Exception {
		assertKeyPairsWith(load(name + "-pbes2.pem", PASSWORD.toCharArray()), dir.resolve(name + ".pub.der"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "rsa-legacy-aes128", "rsa-legacy-aes256", "rsa-legacy-des3", "ec-legacy-aes128",
			"ec-legacy-aes256", "ec-legacy-des3" })
	void readsLegacyOpenSslEncryptedPem(String name) throws Exception {
		assertThat(dir.resolve(name + ".pem")).content().contains("Proc-Type: 4,ENCRYPTED").contains("DEK-Info: ");
		String publicKey = name.substring(0, name.indexOf('-')) + ".pub.der";
		assertKeyPairsWith(load(name + ".pem", PASSWORD.toCharArray()), dir.resolve(publicKey));
	}

	@ParameterizedTest
	@ValueSource(strings = { "rsa", "ec", "ed25519" })
	void readsPkcs8Der(String name) throws Exception {
		assertKeyPairsWith(load(name + "-pkcs8.der", null), dir.resolve(name + ".pub.der"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "rsa", "ec", "ed25519" })
	void readsEncryptedPkcs8Der(String name) throws Exception {
		assertKeyPairsWith(load(name + "-pbes2.der", PASSWORD.toCharArray()), dir.resolve(name + ".pub.der"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "rsa", "ec" })
	void readsTraditionalDerPkcs1RsaAndSec1Ec(String name) throws Exception {
		assertKeyPairsWith(load(name + "-traditional.der", null), dir.resolve(name + ".pub.der"));
	}

	@Test
	void ignoresPasswordForUnencryptedKey() throws Exception {
		assertKeyPairsWith(load("ec.pem", "unused".toCharArray()), dir.resolve("ec.pub.der"));
	}

	@Test
	void readsTheKeyOfACombinedCertificateAndKeyFile() throws Exception {
		Path certificate = OpenSsl.selfSigned(dir, "ec.pem", "combined", "ec.crt");
		Path combined = dir.resolve("combined.pem");
		Files.writeString(combined,
				Files.readString(certificate) + Files.readString(dir.resolve("ec.pem")));
		assertKeyPairsWith(Material.privateKey(combined.toString(), null), dir.resolve("ec.pub.der"));
	}

	@Test
	void readsRsaPssKey() {
		OpenSsl.run(dir, "genpkey", "-algorithm", "RSA-PSS", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "pss.pem");
		OpenSsl.selfSigned(dir, "pss.pem", "pss", "pss.crt");
		PrivateKey key = load("pss.pem", null);
		assertThat(key.getAlgorithm()).isEqualTo("RSASSA-PSS");
		assertThat(Identity.of(key, Material.certificates(dir.resolve("pss.crt").toString())).privateKey())
			.isSameAs(key);
	}

}
