package io.github.sslstarter.material;

import java.nio.file.Path;
import java.security.PrivateKey;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.sslstarter.material.MaterialException.Problem;

import static io.github.sslstarter.material.OpenSsl.PASSWORD;
import static io.github.sslstarter.material.OpenSsl.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@code openssl rsa -traditional} writes an RSA-PSS key as PKCS#1 under the label
 * {@code RSA-PSS PRIVATE KEY}, which openssl itself cannot read back: it is read as the RSASSA-PSS
 * key it is, plain or legacy-encrypted, and belongs to the key's certificate.
 */
class TraditionalRsaPssKeyTest {

	@TempDir
	static Path dir;

	@BeforeAll
	static void generate() {
		run(dir, "genpkey", "-algorithm", "RSA-PSS", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "pss.pem");
		OpenSsl.selfSigned(dir, "pss.pem", "pss", "pss.crt");
		run(dir, "rsa", "-in", "pss.pem", "-traditional", "-out", "pss-traditional.pem");
		run(dir, "rsa", "-in", "pss.pem", "-traditional", "-aes256", "-passout", "pass:" + PASSWORD, "-out",
				"pss-traditional-aes256.pem");
	}

	private static void assertBelongsToTheCertificate(PrivateKey key) {
		assertThat(key.getAlgorithm()).isEqualTo("RSASSA-PSS");
		assertThat(Identity.of(key, Material.certificates(dir.resolve("pss.crt").toString())).privateKey())
			.isSameAs(key);
	}

	@Test
	void readsTheTraditionalRsaPssLabel() {
		assertThat(dir.resolve("pss-traditional.pem")).content().startsWith("-----BEGIN RSA-PSS PRIVATE KEY-----");
		assertBelongsToTheCertificate(Material.privateKey(dir.resolve("pss-traditional.pem").toString(), null));
	}

	@Test
	void readsTheLegacyEncryptedTraditionalRsaPssLabel() {
		Path file = dir.resolve("pss-traditional-aes256.pem");
		assertThat(file).content().contains("Proc-Type: 4,ENCRYPTED");
		assertBelongsToTheCertificate(Material.privateKey(file.toString(), PASSWORD.toCharArray()));
		MaterialException wrong = catchThrowableOfType(MaterialException.class,
				() -> Material.privateKey(file.toString(), "wrong-password".toCharArray()));
		assertThat(wrong.problem()).isEqualTo(Problem.WRONG_PASSWORD);
	}

}
