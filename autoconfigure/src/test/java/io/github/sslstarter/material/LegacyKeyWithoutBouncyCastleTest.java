package io.github.sslstarter.material;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.security.PrivateKey;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.github.sslstarter.material.OpenSsl.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs this package in a class loader that hides Bouncy Castle, as in an application without
 * the optional dependency.
 */
class LegacyKeyWithoutBouncyCastleTest {

	private static final String PACKAGE = "io.github.sslstarter.material.";

	@TempDir
	static Path dir;

	@BeforeAll
	static void generate() {
		OpenSsl.generateKey(dir, "RSA", "rsa.pem");
		OpenSsl.run(dir, "rsa", "-in", "rsa.pem", "-aes256", "-traditional", "-passout", "pass:" + PASSWORD, "-out",
				"rsa-legacy.pem");
		OpenSsl.run(dir, "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", "rsa.pem", "-passout", "pass:" + PASSWORD,
				"-out", "rsa-pbes2.pem");
	}

	@Test
	void legacyEncryptedKeyWithoutBouncyCastleNamesTheDependency() throws Exception {
		Throwable failure = invokeWithoutBouncyCastle("rsa-legacy.pem");
		assertThat(failure.getClass().getName()).isEqualTo(PACKAGE + "MaterialException");
		assertThat(call(failure, "problem")).hasToString("MISSING_DEPENDENCY");
		assertThat(failure.getMessage()).contains("org.bouncycastle:bcpkix-jdk18on")
			.contains("Proc-Type: 4,ENCRYPTED");
		assertThat((String) call(failure, "action")).contains("org.bouncycastle:bcpkix-jdk18on")
			.contains("openssl pkcs8 -topk8");
		assertThat((String) call(failure, "location")).isEqualTo(dir.resolve("rsa-legacy.pem").toString());
	}

	@Test
	void otherEncryptedKeysDoNotNeedBouncyCastle() throws Exception {
		try (HidingClassLoader loader = new HidingClassLoader()) {
			Object key = privateKeyMethod(loader).invoke(null, dir.resolve("rsa-pbes2.pem").toString(),
					PASSWORD.toCharArray());
			assertThat(key).isInstanceOf(PrivateKey.class);
		}
	}

	@Test
	void detectsBouncyCastleOnlyWhenVisible() throws Exception {
		assertThat(BouncyCastle.isPresent()).isTrue();
		try (HidingClassLoader loader = new HidingClassLoader()) {
			Method isPresent = loader.loadClass(PACKAGE + "BouncyCastle").getDeclaredMethod("isPresent");
			isPresent.setAccessible(true);
			assertThat(isPresent.invoke(null)).isEqualTo(false);
		}
	}

	private static Throwable invokeWithoutBouncyCastle(String file) throws Exception {
		try (HidingClassLoader loader = new HidingClassLoader()) {
			privateKeyMethod(loader).invoke(null, dir.resolve(file).toString(), PASSWORD.toCharArray());
			throw new AssertionError("expected a failure");
		}
		catch (InvocationTargetException ex) {
			return ex.getCause();
		}
	}

	private static Method privateKeyMethod(ClassLoader loader) throws Exception {
		return loader.loadClass(PACKAGE + "Material").getMethod("privateKey", String.class, char[].class);
	}

	private static Object call(Object target, String method) throws Exception {
		return target.getClass().getMethod(method).invoke(target);
	}

	/** Defines this package's classes itself and refuses every Bouncy Castle class. */
	static final class HidingClassLoader extends ClassLoader implements AutoCloseable {

		HidingClassLoader() {
			super(LegacyKeyWithoutBouncyCastleTest.class.getClassLoader());
		}

		@Override
		protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
			synchronized (getClassLoadingLock(name)) {
				if (name.startsWith("org.bouncycastle.")) {
					throw new ClassNotFoundException(name + " (hidden by the test)");
				}
				if (!name.startsWith(PACKAGE)) {
					return super.loadClass(name, resolve);
				}
				Class<?> loaded = findLoadedClass(name);
				if (loaded == null) {
					String resource = name.replace('.', '/') + ".class";
					try (InputStream in = getParent().getResourceAsStream(resource)) {
						if (in == null) {
							throw new ClassNotFoundException(name);
						}
						byte[] bytes = in.readAllBytes();
						loaded = defineClass(name, bytes, 0, bytes.length);
					}
					catch (IOException ex) {
						throw new ClassNotFoundException(name, ex);
					}
				}
				if (resolve) {
					resolveClass(loaded);
				}
				return loaded;
			}
		}

		@Override
		public void close() {
		}

	}

}
