package io.github.sslstarter.material;

import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.sslstarter.material.MaterialException.Problem;

import static io.github.sslstarter.material.OpenSsl.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Key/certificate matching and reading identities from keystores. */
class IdentityTest {

	@TempDir
	static Path dir;

	@BeforeAll
	static void generate() {
		for (String name : new String[] { "rsa-a", "rsa-b", "ec-a", "ec-b", "ed25519-a", "ed25519-b" }) {
			String algorithm = name.substring(0, name.indexOf('-')).toUpperCase();
			OpenSsl.generateKey(dir, algorithm, name + ".key");
			OpenSsl.selfSigned(dir, name + ".key", name, name + ".crt");
		}
		OpenSsl.run(dir, "pkcs12", "-export", "-inkey", "ec-a.key", "-in", "ec-a.crt", "-name", "server", "-passout",
				"pass:" + PASSWORD, "-out", "one.p12");
		OpenSsl.run(dir, "pkcs12", "-export", "-inkey", "ec-b.key", "-in", "ec-b.crt", "-name", "client", "-passout",
				"pass:" + PASSWORD, "-out", "client.p12");
		OpenSsl.keytool(dir, "-importkeystore", "-noprompt", "-srckeystore", "one.p12", "-srcstoretype", "PKCS12",
				"-srcstorepass", PASSWORD, "-destkeystore", "two.p12", "-deststoretype", "PKCS12", "-deststorepass",
				PASSWORD);
		OpenSsl.keytool(dir, "-importkeystore", "-noprompt", "-srckeystore", "client.p12", "-srcstoretype", "PKCS12",
				"-srcstorepass", PASSWORD, "-destkeystore", "two.p12", "-deststoretype", "PKCS12", "-deststorepass",
				PASSWORD);
		OpenSsl.keytool(dir, "-importkeystore", "-noprompt", "-srckeystore", "one.p12", "-srcstoretype", "PKCS12",
				"-srcstorepass", PASSWORD, "-destkeystore", "one.jks", "-deststoretype", "JKS", "-deststorepass",
				PASSWORD);
		OpenSsl.keytool(dir, "-importcert", "-noprompt", "-alias", "partner-ca", "-file", "rsa-a.crt", "-keystore",
				"one.jks", "-storetype", "JKS", "-storepass", PASSWORD);
		OpenSsl.keytool(dir, "-importcert", "-noprompt", "-alias", "partner-ca", "-file", "rsa-a.crt", "-keystore",
				"trust.p12", "-storetype", "PKCS12", "-storepass", PASSWORD);
	}

	private static PrivateKey key(String name) {
		return Material.privateKey(dir.resolve(name + ".key").toString(), null);
	}

	private static List<X509Certificate> chain(String name) {
		return Material.certificates(dir.resolve(name + ".crt").toString());
	}

	private static KeyStore keyStore(String file) {
		return Material.keyStore(dir.resolve(file).toString(), null, PASSWORD.toCharArray());
	}

	private static MaterialException fromKeyStoreFailure(String file, String alias, String keyPassword) {
		return catchThrowableOfType(MaterialException.class, () -> Identity.fromKeyStore(keyStore(file), alias,
				(keyPassword != null) ? keyPassword.toCharArray() : null, file));
	}

	@ParameterizedTest
	@ValueSource(strings = { "rsa-a", "ec-a", "ed25519-a" })
	void acceptsKeyThatBelongsToTheCertificate(String name) {
		Identity identity = Identity.of(key(name), chain(name));
		assertThat(identity.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=" + name);
	}

	@ParameterizedTest
	@ValueSource(strings = { "rsa", "ec", "ed25519" })
	void rejectsKeyOfAnotherCertificateNamingItsSubject(String algorithm) {
		MaterialException ex = catchThrowableOfType(MaterialException.class,
				() -> Identity.of(key(algorithm + "-a"), chain(algorithm + "-b"), "ssl.identity"));
		assertThat(ex.problem()).isEqualTo(Problem.KEY_MISMATCH);
		assertThat(ex.getMessage()).contains("CN=" + algorithm + "-b");
		assertThat(ex.location()).isEqualTo("ssl.identity");
		assertThat(ex.action()).isNotBlank();
	}

	@Test
	void rejectsKeyOfAnotherAlgorithm() {
		MaterialException ex = catchThrowableOfType(MaterialException.class,
				() -> Identity.of(key("ec-a"), chain("rsa-a")));
		assertThat(ex.problem()).isEqualTo(Problem.KEY_MISMATCH);
		assertThat(ex.getMessage()).contains("EC").contains("RSA");
	}

	@Test
	void rejectsEmptyChain() {
		MaterialException ex = catchThrowableOfType(MaterialException.class,
				() -> Identity.of(key("ec-a"), List.of()));
		assertThat(ex.problem()).isEqualTo(Problem.EMPTY);
	}

	@Test
	void toStringNeverShowsTheKey() {
		PrivateKey key = key("rsa-a");
		String text = Identity.of(key, chain("rsa-a")).toString();
		assertThat(text).contains("CN=rsa-a").contains("RSA");
		String encoded = Base64.getEncoder().encodeToString(key.getEncoded());
		assertThat(text).doesNotContain(encoded.substring(40, 80))
			.doesNotContain(((RSAPrivateCrtKey) key).getPrivateExponent().toString())
			.doesNotContain(((RSAPrivateCrtKey) key).getPrivateExponent().toString(16));
	}

	@Test
	void readsTheOnlyKeyEntryWithoutAlias() {
		Identity identity = Identity.fromKeyStore(keyStore("one.p12"), null, PASSWORD.toCharArray(), "one.p12");
		assertThat(identity.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=ec-a");
	}

	@Test
	void ignoresTrustedCertificateEntriesWhenChoosingTheOnlyKey() {
		Identity identity = Identity.fromKeyStore(keyStore("one.jks"), null, PASSWORD.toCharArray(), "one.jks");
		assertThat(identity.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=ec-a");
	}

	@Test
	void readsTheKeyEntryNamedByAlias() {
		Identity identity = Identity.fromKeyStore(keyStore("two.p12"), "client", PASSWORD.toCharArray(), "two.p12");
		assertThat(identity.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=ec-b");
	}

	@Test
	void severalKeysWithoutAliasListsThem() {
		MaterialException ex = fromKeyStoreFailure("two.p12", null, PASSWORD);
		assertThat(ex.problem()).isEqualTo(Problem.ALIAS_NOT_FOUND);
		assertThat(ex.getMessage()).contains("server").contains("client");
		assertThat(ex.action()).contains("server").contains("client");
	}

	@Test
	void noKeyEntryListsTheEntriesPresent() {
		MaterialException ex = fromKeyStoreFailure("trust.p12", null, PASSWORD);
		assertThat(ex.problem()).isEqualTo(Problem.ALIAS_NOT_FOUND);
		assertThat(ex.getMessage()).contains("partner-ca");
	}

	@Test
	void unknownAliasListsTheEntriesPresent() {
		MaterialException ex = fromKeyStoreFailure("two.p12", "nobody", PASSWORD);
		assertThat(ex.problem()).isEqualTo(Problem.ALIAS_NOT_FOUND);
		assertThat(ex.getMessage()).contains("nobody").contains("server").contains("client");
		assertThat(ex.location()).isEqualTo("two.p12");
	}

	@Test
	void aliasOfTrustedCertificateIsNotAKeyEntry() {
		MaterialException ex = fromKeyStoreFailure("one.jks", "partner-ca", PASSWORD);
		assertThat(ex.problem()).isEqualTo(Problem.ALIAS_NOT_FOUND);
		assertThat(ex.getMessage()).contains("not a private key entry");
	}

	@Test
	void wrongKeyPasswordIsWrongPassword() {
		MaterialException ex = fromKeyStoreFailure("one.jks", "server", "wrong-password");
		assertThat(ex.problem()).isEqualTo(Problem.WRONG_PASSWORD);
		assertThat(ex.getMessage()).contains("server").doesNotContain("wrong-password");
	}

	@Test
	void missingKeyPasswordIsPasswordRequired() {
		assertThat(fromKeyStoreFailure("one.jks", "server", null).problem()).isEqualTo(Problem.PASSWORD_REQUIRED);
	}

}
