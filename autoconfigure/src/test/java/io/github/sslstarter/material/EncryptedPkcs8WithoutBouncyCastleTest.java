package io.github.sslstarter.material;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.security.PrivateKey;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.sslstarter.material.LegacyKeyWithoutBouncyCastleTest.HidingClassLoader;

import static io.github.sslstarter.material.OpenSsl.PASSWORD;
import static io.github.sslstarter.material.OpenSsl.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Encrypted PKCS#8 in an application without the optional Bouncy Castle: every PBKDF2 and -v1
 * scheme openssl writes loads on the JDK alone; scrypt and the ciphers the JDK lacks fail with
 * the scheme, its OIDs and the dependency named, whatever the password.
 */
class EncryptedPkcs8WithoutBouncyCastleTest {

	@TempDir
	static Path dir;

	@BeforeAll
	static void generate() {
		OpenSsl.generateKey(dir, "RSA", "rsa.pem");
	}

	private static Path pkcs8(String name, String options) {
		String[] args = ("pkcs8 -topk8 -in rsa.pem -passout pass:" + PASSWORD + " -out " + name + " " + options
				+ " -provider legacy -provider default").split(" ");
		run(dir, args);
		return dir.resolve(name);
	}

	private static Object privateKeyWithoutBouncyCastle(Path file, String password) throws Exception {
		try (HidingClassLoader loader = new HidingClassLoader()) {
			Method privateKey = loader.loadClass("io.github.sslstarter.material.Material")
				.getMethod("privateKey", String.class, char[].class);
			try {
				return privateKey.invoke(null, file.toString(), password.toCharArray());
			}
			catch (InvocationTargetException ex) {
				return ex.getCause();
			}
		}
	}

	private static String call(Object target, String method) throws Exception {
		return String.valueOf(target.getClass().getMethod(method).invoke(target));
	}

	@ParameterizedTest
	@ValueSource(strings = { "-v2 des3", "-v2 aes-192-cbc", "-v2 des-cbc", "-v2 rc2-cbc", "-v2 bf-cbc",
			"-v2 aes-256-cbc -v2prf hmacWithSHA512-256", "-v2 aes-256-cbc -v2prf hmacWithMD5", "-v1 PBE-SHA1-3DES",
			"-v1 PBE-SHA1-2DES", "-v1 PBE-MD5-DES", "-v1 PBE-SHA1-RC2-64", "-v1 PBE-SHA1-RC4-128" })
	void readsPbkdf2AndV1SchemesOnTheJdkAlone(String options) throws Exception {
		Path file = pkcs8(options.replace(' ', '_') + ".pem", options);
		assertThat(privateKeyWithoutBouncyCastle(file, PASSWORD)).isInstanceOf(PrivateKey.class);
		Object wrong = privateKeyWithoutBouncyCastle(file, "wrong-password");
		assertThat(wrong.getClass().getSimpleName()).isEqualTo("MaterialException");
		assertThat(call(wrong, "problem")).isEqualTo("WRONG_PASSWORD");
	}

	@ParameterizedTest
	@ValueSource(strings = { "-scrypt:scrypt and AES-256-CBC:1.3.6.1.4.1.11591.4.11",
			"-v2 camellia-256-cbc:CAMELLIA-256-CBC:1.2.392.200011.61.1.1.1.4",
			"-v2 aria-128-cbc:ARIA-128-CBC:1.2.410.200046.1.1.2", "-v2 sm4-cbc:SM4-CBC:1.2.156.10197.1.104.2",
			"-v2 seed-cbc:SEED-CBC:1.2.410.200004.1.4", "-v2 cast5-cbc:CAST5-CBC:1.2.840.113533.7.66.10" })
	void namesTheSchemeAndTheDependencyWhereTheJdkLacksWhatItNeeds(String optionsNameOid) throws Exception {
		String[] parts = optionsNameOid.split(":");
		Path file = pkcs8(parts[0].replace(' ', '_') + ".pem", parts[0]);
		for (String password : new String[] { PASSWORD, "wrong-password" }) {
			Object failure = privateKeyWithoutBouncyCastle(file, password);
			assertThat(failure.getClass().getSimpleName()).isEqualTo("MaterialException");
			assertThat(call(failure, "problem")).isEqualTo("MISSING_DEPENDENCY");
			assertThat(((Throwable) failure).getMessage()).contains("PBES2 with ")
				.contains(parts[1])
				.contains(parts[2])
				.contains("1.2.840.113549.1.5.13")
				.contains("needs Bouncy Castle (org.bouncycastle:bcpkix-jdk18on)")
				.doesNotContain("password");
			assertThat(call(failure, "action")).contains("Add the dependency org.bouncycastle:bcpkix-jdk18on")
				.contains("openssl pkcs8 -topk8 -v2 aes-256-cbc");
			assertThat(call(failure, "location")).isEqualTo(file.toString());
		}
	}

}
