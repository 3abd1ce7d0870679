package io.github.sslstarter.material;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.sslstarter.material.MaterialException.Problem;

import static io.github.sslstarter.material.KeyAssertions.assertKeyPairsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The four kinds of location, and what happens when a location is wrong. */
class LocationTest {

	@TempDir
	static Path dir;

	@TempDir
	static Path classpathRoot;

	@BeforeAll
	static void generate() throws Exception {
		OpenSsl.generateKey(dir, "EC", "key.pem");
		OpenSsl.run(dir, "pkey", "-in", "key.pem", "-pubout", "-outform", "DER", "-out", "key.pub.der");
		OpenSsl.selfSigned(dir, "key.pem", "location test", "cert.pem");
		Files.createDirectories(classpathRoot.resolve("tls"));
		Files.copy(dir.resolve("key.pem"), classpathRoot.resolve("tls/key.pem"));
	}

	private static <T> T withContextClassLoader(ClassLoader loader, Callable<T> action) throws Exception {
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		thread.setContextClassLoader(loader);
		try {
			return action.call();
		}
		finally {
			thread.setContextClassLoader(previous);
		}
	}

	@Test
	void readsPlainFilePath() throws Exception {
		assertKeyPairsWith(Material.privateKey(dir.resolve("key.pem").toString(), null), dir.resolve("key.pub.der"));
	}

	@Test
	void readsFileUrl() throws Exception {
		String url = dir.resolve("key.pem").toUri().toString();
		assertThat(url).startsWith("file:");
		assertKeyPairsWith(Material.privateKey(url, null), dir.resolve("key.pub.der"));
	}

	@Test
	void readsClasspathResourceFromThreadContextClassLoader() throws Exception {
		try (URLClassLoader loader = new URLClassLoader(new URL[] { classpathRoot.toUri().toURL() }, null)) {
			PrivateKey key = withContextClassLoader(loader, () -> Material.privateKey("classpath:tls/key.pem", null));
			assertKeyPairsWith(key, dir.resolve("key.pub.der"));
			PrivateKey slashed = withContextClassLoader(loader,
					() -> Material.privateKey("classpath:/tls/key.pem", null));
			assertThat(slashed).isEqualTo(key);
		}
	}

	@Test
	void missingClasspathResourceIsNotFound() throws Exception {
		try (URLClassLoader loader = new URLClassLoader(new URL[] { classpathRoot.toUri().toURL() }, null)) {
			MaterialException ex = withContextClassLoader(loader, () -> catchThrowableOfType(MaterialException.class,
					() -> Material.privateKey("classpath:tls/absent.pem", null)));
			assertThat(ex.problem()).isEqualTo(Problem.NOT_FOUND);
			assertThat(ex.location()).isEqualTo("classpath:tls/absent.pem");
			assertThat(ex.getMessage()).contains("tls/absent.pem");
		}
	}

	@Test
	void classpathDirectoryIsUnreadable() throws Exception {
		try (URLClassLoader loader = new URLClassLoader(new URL[] { classpathRoot.toUri().toURL() }, null)) {
			MaterialException ex = withContextClassLoader(loader,
					() -> catchThrowableOfType(MaterialException.class, () -> Material.certificates("classpath:tls")));
			assertThat(ex.problem()).isEqualTo(Problem.UNREADABLE);
			assertThat(ex.getMessage()).contains("directory");
		}
	}

	@Test
	void fallsBackToOwnClassLoaderWhenContextLoaderLacksTheResource() throws Exception {
		// The context loader sees nothing; the resource is found through Material's own loader,
		// and so the failure is about its content, not its absence.
		try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
			MaterialException ex = withContextClassLoader(empty, () -> catchThrowableOfType(MaterialException.class,
					() -> Material.certificates("classpath:io/github/sslstarter/material/Material.class")));
			assertThat(ex.problem()).isEqualTo(Problem.UNPARSEABLE);
		}
	}

	@Test
	void readsInlinePem() throws Exception {
		String pem = Files.readString(dir.resolve("cert.pem"));
		List<X509Certificate> certificates = Material.certificates(pem);
		assertThat(certificates).singleElement()
			.satisfies((certificate) -> assertThat(certificate.getSubjectX500Principal().getName())
				.isEqualTo("CN=location test"));
		assertKeyPairsWith(Material.privateKey(Files.readString(dir.resolve("key.pem")), null),
				dir.resolve("key.pub.der"));
	}

	@Test
	void describesInlinePemByItsSizeOnly() throws Exception {
		String pem = Files.readString(dir.resolve("key.pem"));
		MaterialException ex = catchThrowableOfType(MaterialException.class, () -> Material.certificates(pem));
		assertThat(ex.problem()).isEqualTo(Problem.EMPTY);
		assertThat(ex.location()).isEqualTo("inline PEM (" + pem.strip().lines().count() + " lines)");
		assertThat(Material.describe(pem)).isEqualTo(ex.location());
		assertThat(Material.describe("/etc/ssl/key.pem")).isEqualTo("/etc/ssl/key.pem");
	}

	@Test
	void missingFileIsNotFound() {
		String location = dir.resolve("absent.pem").toString();
		MaterialException ex = catchThrowableOfType(MaterialException.class, () -> Material.certificates(location));
		assertThat(ex.problem()).isEqualTo(Problem.NOT_FOUND);
		assertThat(ex.location()).isEqualTo(location);
		assertThat(ex.getMessage()).contains("absent.pem");
		assertThat(ex.action()).isNotBlank();
	}

	@Test
	void missingFileUrlIsNotFound() {
		String location = dir.resolve("absent.pem").toUri().toString();
		MaterialException ex = catchThrowableOfType(MaterialException.class,
				() -> Material.privateKey(location, null));
		assertThat(ex.problem()).isEqualTo(Problem.NOT_FOUND);
	}

	@Test
	void directoryGivenAsFileIsUnreadable() {
		MaterialException ex = catchThrowableOfType(MaterialException.class,
				() -> Material.privateKey(dir.toString(), null));
		assertThat(ex.problem()).isEqualTo(Problem.UNREADABLE);
		assertThat(ex.getMessage()).contains("directory");
	}

	@Test
	void blankLocationIsNotFound() {
		MaterialException ex = catchThrowableOfType(MaterialException.class, () -> Material.certificates(" "));
		assertThat(ex.problem()).isEqualTo(Problem.NOT_FOUND);
	}

}
