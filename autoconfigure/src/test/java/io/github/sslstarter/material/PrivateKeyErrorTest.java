package io.github.sslstarter.material;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.sslstarter.material.MaterialException.Problem;

import static io.github.sslstarter.material.OpenSsl.PASSWORD;
import static io.github.sslstarter.material.OpenSsl.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** What goes wrong with private keys, and that the failure says so without leaking secrets. */
class PrivateKeyErrorTest {

	@TempDir
	static Path dir;

	@BeforeAll
	static void generateKeys() {
		OpenSsl.generateKey(dir, "RSA", "rsa.pem");
		OpenSsl.generateKey(dir, "EC", "ec.pem");
		run(dir, "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", "rsa.pem", "-passout", "pass:" + PASSWORD, "-out",
				"rsa-pbes2.pem");
		run(dir, "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", "ec.pem", "-outform", "DER", "-passout",
				"pass:" + PASSWORD, "-out", "ec-pbes2.der");
		run(dir, "rsa", "-in", "rsa.pem", "-aes128", "-traditional", "-passout", "pass:" + PASSWORD, "-out",
				"rsa-legacy.pem");
		run(dir, "ec", "-in", "ec.pem", "-des3", "-passout", "pass:" + PASSWORD, "-out", "ec-legacy.pem");
		OpenSsl.selfSigned(dir, "ec.pem", "only a certificate", "ec.crt");
	}

	private static MaterialException failure(String file, String password) {
		return catchThrowableOfType(MaterialException.class,
				() -> Material.privateKey(dir.resolve(file).toString(),
						(password != null) ? password.toCharArray() : null));
	}

	private static void assertNoSecret(MaterialException ex, String... secrets) {
		String everything = ex.getMessage() + "|" + ex.action() + "|" + ex.location() + "|" + ex;
		for (String secret : secrets) {
			assertThat(everything).doesNotContain(secret);
		}
		assertThat(everything).doesNotContain(PASSWORD).doesNotContain("wrong-password");
	}

	@Test
	void wrongPasswordForPbes2KeyIsWrongPassword() {
		MaterialException ex = failure("rsa-pbes2.pem", "wrong-password");
		assertThat(ex.problem()).isEqualTo(Problem.WRONG_PASSWORD);
		assertThat(ex.location()).isEqualTo(dir.resolve("rsa-pbes2.pem").toString());
		assertThat(ex.action()).contains("password");
		assertNoSecret(ex);
	}

	@Test
	void wrongPasswordForEncryptedDerKeyIsWrongPassword() {
		assertThat(failure("ec-pbes2.der", "wrong-password").problem()).isEqualTo(Problem.WRONG_PASSWORD);
	}

	@Test
	void wrongPasswordForLegacyEncryptedRsaKeyIsWrongPassword() {
		MaterialException ex = failure("rsa-legacy.pem", "wrong-password");
		assertThat(ex.problem()).isEqualTo(Problem.WRONG_PASSWORD);
		assertNoSecret(ex);
	}

	@Test
	void wrongPasswordForLegacyEncryptedEcKeyIsWrongPassword() {
		assertThat(failure("ec-legacy.pem", "wrong-password").problem()).isEqualTo(Problem.WRONG_PASSWORD);
	}

	@Test
	void pbes2KeyWithoutPasswordRequiresOne() {
		MaterialException ex = failure("rsa-pbes2.pem", null);
		assertThat(ex.problem()).isEqualTo(Problem.PASSWORD_REQUIRED);
		assertThat(ex.getMessage()).contains("encrypted");
	}

	@Test
	void legacyEncryptedKeyWithoutPasswordRequiresOne() {
		MaterialException ex = failure("rsa-legacy.pem", null);
		assertThat(ex.problem()).isEqualTo(Problem.PASSWORD_REQUIRED);
		assertThat(ex.getMessage()).contains("Proc-Type: 4,ENCRYPTED");
	}

	@Test
	void garbageIsUnparseable() throws Exception {
		Files.write(dir.resolve("garbage.bin"), new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 });
		MaterialException ex = failure("garbage.bin", null);
		assertThat(ex.problem()).isEqualTo(Problem.UNPARSEABLE);
		assertThat(ex.getMessage()).contains("neither PEM nor").contains("DER");
	}

	@Test
	void corruptKeyBlockIsUnparseableWithoutShowingItsContent() throws Exception {
		String body = Base64.getEncoder().encodeToString("this is not a DER private key at all".getBytes());
		Files.writeString(dir.resolve("corrupt.pem"),
				"-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n");
		MaterialException ex = failure("corrupt.pem", null);
		assertThat(ex.problem()).isEqualTo(Problem.UNPARSEABLE);
		assertNoSecret(ex, body);
	}

	@Test
	void certificateGivenAsKeyIsEmpty() {
		MaterialException ex = failure("ec.crt", null);
		assertThat(ex.problem()).isEqualTo(Problem.EMPTY);
		assertThat(ex.getMessage()).contains("No private key").contains("CERTIFICATE");
	}

	@Test
	void unsupportedKeyFormatSaysHowToConvert() throws Exception {
		Files.writeString(dir.resolve("id_ed25519"),
				"-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n");
		MaterialException ex = failure("id_ed25519", null);
		assertThat(ex.problem()).isEqualTo(Problem.UNPARSEABLE);
		assertThat(ex.getMessage()).contains("OPENSSH PRIVATE KEY");
		assertThat(ex.action()).contains("openssl pkcs8 -topk8");
	}

	@Test
	void inlineKeyFailureDescribesTheLocationWithoutTheKey() throws Exception {
		String pem = Files.readString(dir.resolve("rsa-pbes2.pem"));
		MaterialException ex = catchThrowableOfType(MaterialException.class,
				() -> Material.privateKey(pem, "wrong-password".toCharArray()));
		assertThat(ex.problem()).isEqualTo(Problem.WRONG_PASSWORD);
		assertThat(ex.location()).matches("inline PEM \\(\\d+ lines\\)");
		String keyLine = pem.lines().skip(1).findFirst().orElseThrow();
		assertNoSecret(ex, keyLine);
	}

}
