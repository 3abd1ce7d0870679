package io.github.sslstarter.material;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Arrays;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.sslstarter.material.MaterialException.Problem;

import static io.github.sslstarter.material.OpenSsl.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** PKCS#12 and JKS keystores: type detection, passwords, damaged files. */
class KeyStoreTest {

	@TempDir
	static Path dir;

	@BeforeAll
	static void generate() throws Exception {
		OpenSsl.generateKey(dir, "EC", "server.key");
		OpenSsl.selfSigned(dir, "server.key", "server", "server.crt");
		OpenSsl.run(dir, "pkcs12", "-export", "-inkey", "server.key", "-in", "server.crt", "-name", "server",
				"-passout", "pass:" + PASSWORD, "-out", "server.p12");
		OpenSsl.keytool(dir, "-importkeystore", "-noprompt", "-srckeystore", "server.p12", "-srcstoretype", "PKCS12",
				"-srcstorepass", PASSWORD, "-destkeystore", "server.jks", "-deststoretype", "JKS", "-deststorepass",
				PASSWORD);
		byte[] p12 = Files.readAllBytes(dir.resolve("server.p12"));
		Files.write(dir.resolve("truncated.p12"), Arrays.copyOf(p12, p12.length / 2));
	}

	private static String path(String file) {
		return dir.resolve(file).toString();
	}

	private static MaterialException failure(String file, String type, String password) {
		return catchThrowableOfType(MaterialException.class,
				() -> Material.keyStore(path(file), type, (password != null) ? password.toCharArray() : null));
	}

	@Test
	void detectsPkcs12() throws Exception {
		KeyStore keyStore = Material.keyStore(path("server.p12"), null, PASSWORD.toCharArray());
		assertThat(keyStore.getType()).isEqualToIgnoringCase("PKCS12");
		assertThat(keyStore.isKeyEntry("server")).isTrue();
	}

	@Test
	void detectsJksByItsMagicNumber() throws Exception {
		assertThat(Files.readAllBytes(dir.resolve("server.jks"))).startsWith(0xFE, 0xED, 0xFE, 0xED);
		KeyStore keyStore = Material.keyStore(path("server.jks"), null, PASSWORD.toCharArray());
		assertThat(keyStore.getType()).isEqualToIgnoringCase("JKS");
		assertThat(keyStore.isKeyEntry("server")).isTrue();
	}

	@Test
	void usesTheGivenType() throws Exception {
		KeyStore keyStore = Material.keyStore(path("server.p12"), "PKCS12", PASSWORD.toCharArray());
		assertThat(keyStore.getType()).isEqualToIgnoringCase("PKCS12");
		assertThat(keyStore.size()).isEqualTo(1);
	}

	@Test
	void wrongPasswordForPkcs12IsWrongPassword() {
		MaterialException ex = failure("server.p12", null, "wrong-password");
		assertThat(ex.problem()).isEqualTo(Problem.WRONG_PASSWORD);
		assertThat(ex.getMessage()).contains("PKCS12").doesNotContain("wrong-password");
		assertThat(ex.location()).isEqualTo(path("server.p12"));
	}

	@Test
	void pkcs12WithEncryptedContentNeedsAPassword() {
		MaterialException ex = failure("server.p12", null, null);
		assertThat(ex.problem()).isEqualTo(Problem.PASSWORD_REQUIRED);
		assertThat(ex.action()).contains("password");
	}

	@Test
	void wrongPasswordForJksIsWrongPassword() {
		MaterialException ex = failure("server.jks", null, "wrong-password");
		assertThat(ex.problem()).isEqualTo(Problem.WRONG_PASSWORD);
		assertThat(ex.getMessage()).contains("JKS");
	}

	@Test
	void truncatedKeystoreIsUnparseableNotWrongPassword() {
		assertThat(failure("truncated.p12", null, PASSWORD).problem()).isEqualTo(Problem.UNPARSEABLE);
	}

	@Test
	void pemFileIsNotAKeystore() {
		MaterialException ex = failure("server.crt", null, PASSWORD);
		assertThat(ex.problem()).isEqualTo(Problem.UNPARSEABLE);
		assertThat(ex.getMessage()).contains("PKCS12").contains("JKS");
	}

	@Test
	void unknownTypeIsUnparseable() {
		MaterialException ex = failure("server.p12", "NO-SUCH-TYPE", PASSWORD);
		assertThat(ex.problem()).isEqualTo(Problem.UNPARSEABLE);
		assertThat(ex.getMessage()).contains("NO-SUCH-TYPE");
	}

	@Test
	void missingKeystoreIsNotFound() {
		assertThat(failure("absent.p12", null, PASSWORD).problem()).isEqualTo(Problem.NOT_FOUND);
	}

}
