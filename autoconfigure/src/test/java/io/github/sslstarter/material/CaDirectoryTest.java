package io.github.sslstarter.material;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.sslstarter.material.MaterialException.Problem;

import static io.github.sslstarter.material.OpenSsl.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** OpenSSL-style CA directories: hashed names, links, plain files, CRLs. */
class CaDirectoryTest {

	@TempDir
	static Path root;

	static Path source;

	@BeforeAll
	static void generate() throws Exception {
		source = Files.createDirectories(root.resolve("source"));
		for (String name : new String[] { "ca1", "ca2", "ca3" }) {
			OpenSsl.generateKey(source, "EC", name + ".key");
			OpenSsl.selfSigned(source, name + ".key", name, name + ".pem");
		}
		run(source, "x509", "-in", "ca3.pem", "-outform", "DER", "-out", "ca3.der");
		run(source, "req", "-new", "-key", "ca2.key", "-subj", "/CN=revoked", "-out", "revoked.csr");
		run(source, "x509", "-req", "-in", "revoked.csr", "-CA", "ca1.pem", "-CAkey", "ca1.key", "-set_serial", "77",
				"-days", "2", "-out", "revoked.pem");
		OpenSsl.crl(source, "ca1.key", "ca1.pem", "revoked.pem", "ca1.crl");
	}

	private static Path newDirectory(String name) throws Exception {
		return Files.createDirectories(root.resolve(name));
	}

	private static String hash(String certificate) {
		return run(source, "x509", "-hash", "-noout", "-in", certificate).strip();
	}

	private static List<String> subjects(List<X509Certificate> certificates) {
		return certificates.stream().map((certificate) -> certificate.getSubjectX500Principal().getName()).toList();
	}

	@Test
	void readsCertificatesThroughHashedSymlinks() throws Exception {
		// Like /etc/ssl/certs: only hash links, pointing at files elsewhere.
		Path directory = newDirectory("hashed-links");
		Files.createSymbolicLink(directory.resolve(hash("ca1.pem") + ".0"), source.resolve("ca1.pem"));
		Files.createSymbolicLink(directory.resolve(hash("ca2.pem") + ".0"), source.resolve("ca2.pem"));
		assertThat(subjects(Material.caDirectory(directory.toString()))).containsExactlyInAnyOrder("CN=ca1", "CN=ca2");
	}

	@Test
	void countsACertificateReachedByRehashLinkAndByItsFileOnce() throws Exception {
		Path directory = newDirectory("rehashed");
		Files.copy(source.resolve("ca1.pem"), directory.resolve("ca1.pem"));
		Files.copy(source.resolve("ca2.pem"), directory.resolve("ca2.pem"));
		run(directory, "rehash", directory.toString());
		assertThat(directory.resolve(hash("ca1.pem") + ".0")).isSymbolicLink();
		assertThat(subjects(Material.caDirectory(directory.toString()))).containsExactly("CN=ca1", "CN=ca2");
	}

	@Test
	void readsPlainPemCrtAndCerFiles() throws Exception {
		Path directory = newDirectory("plain");
		Files.copy(source.resolve("ca1.pem"), directory.resolve("one.pem"));
		Files.copy(source.resolve("ca2.pem"), directory.resolve("two.crt"));
		Files.copy(source.resolve("ca3.der"), directory.resolve("three.cer"));
		Files.copy(source.resolve("ca3.key"), directory.resolve("not-a-certificate.txt"));
		// in file-name order: one.pem, three.cer, two.crt
		assertThat(subjects(Material.caDirectory(directory.toUri().toString()))).containsExactly("CN=ca1", "CN=ca3",
				"CN=ca2");
	}

	@Test
	void fileWithSeveralCertificatesContributesAll() throws Exception {
		Path directory = newDirectory("bundle");
		Files.writeString(directory.resolve("bundle.pem"), Files.readString(source.resolve("ca1.pem"))
				+ Files.readString(source.resolve("ca2.pem")) + Files.readString(source.resolve("ca3.pem")));
		assertThat(Material.caDirectory(directory.toString())).hasSize(3);
	}

	@Test
	void skipsPemFilesWithoutCertificatesAndDanglingLinks() throws Exception {
		Path directory = newDirectory("mixed");
		Files.copy(source.resolve("ca1.pem"), directory.resolve("ca1.pem"));
		Files.copy(source.resolve("ca1.key"), directory.resolve("ca1-key.pem"));
		Files.createSymbolicLink(directory.resolve("0badc0de.0"), source.resolve("removed.pem"));
		assertThat(subjects(Material.caDirectory(directory.toString()))).containsExactly("CN=ca1");
	}

	@Test
	void hashedFileThatIsNotACertificateIsUnparseable() throws Exception {
		Path directory = newDirectory("corrupt");
		Files.writeString(directory.resolve("0123abcd.0"), "not a certificate");
		MaterialException ex = catchThrowableOfType(MaterialException.class,
				() -> Material.caDirectory(directory.toString()));
		assertThat(ex.problem()).isEqualTo(Problem.UNPARSEABLE);
		assertThat(ex.location()).endsWith("0123abcd.0");
	}

	@Test
	void directoryWithoutCertificatesIsEmpty() throws Exception {
		Path directory = newDirectory("empty");
		Files.writeString(directory.resolve("README"), "nothing here");
		MaterialException ex = catchThrowableOfType(MaterialException.class,
				() -> Material.caDirectory(directory.toString()));
		assertThat(ex.problem()).isEqualTo(Problem.EMPTY);
		assertThat(ex.action()).contains("openssl rehash");
	}

	@Test
	void fileIsNotADirectory() {
		MaterialException ex = catchThrowableOfType(MaterialException.class,
				() -> Material.caDirectory(source.resolve("ca1.pem").toString()));
		assertThat(ex.problem()).isEqualTo(Problem.UNREADABLE);
		assertThat(ex.getMessage()).contains("not a directory");
	}

	@Test
	void missingDirectoryIsNotFound() {
		MaterialException ex = catchThrowableOfType(MaterialException.class,
				() -> Material.caDirectory(root.resolve("absent").toString()));
		assertThat(ex.problem()).isEqualTo(Problem.NOT_FOUND);
	}

	@Test
	void classpathIsNotACaDirectory() {
		MaterialException ex = catchThrowableOfType(MaterialException.class,
				() -> Material.caDirectory("classpath:certs"));
		assertThat(ex.problem()).isEqualTo(Problem.UNREADABLE);
	}

	@Test
	void readsCrlsUnderHashedCrlNames() throws Exception {
		Path directory = newDirectory("with-crl");
		Files.copy(source.resolve("ca1.pem"), directory.resolve("ca1.pem"));
		Files.copy(source.resolve("ca1.crl"), directory.resolve("ca1.crl"));
		run(directory, "rehash", directory.toString());
		assertThat(directory.resolve(hash("ca1.pem") + ".r0")).isSymbolicLink();
		List<X509CRL> crls = Material.caDirectoryCrls(directory.toString());
		assertThat(crls).singleElement()
			.satisfies((crl) -> assertThat(crl.getRevokedCertificate(BigInteger.valueOf(77))).isNotNull());
		assertThat(subjects(Material.caDirectory(directory.toString()))).containsExactly("CN=ca1");
	}

	@Test
	void directoryWithoutCrlsHasNone() throws Exception {
		Path directory = newDirectory("no-crl");
		Files.copy(source.resolve("ca1.pem"), directory.resolve("ca1.pem"));
		assertThat(Material.caDirectoryCrls(directory.toString())).isEmpty();
	}

}
