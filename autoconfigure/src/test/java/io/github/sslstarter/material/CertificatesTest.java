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

/** Certificates and CRLs from PEM and DER. */
class CertificatesTest {

	@TempDir
	static Path dir;

	@BeforeAll
	static void generate() throws Exception {
		OpenSsl.generateKey(dir, "EC", "ca.key");
		OpenSsl.generateKey(dir, "EC", "leaf.key");
		OpenSsl.selfSigned(dir, "ca.key", "Test CA", "ca.pem");
		run(dir, "req", "-new", "-key", "leaf.key", "-subj", "/CN=leaf", "-out", "leaf.csr");
		run(dir, "x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-set_serial", "4242",
				"-days", "2", "-out", "leaf.pem");
		Files.writeString(dir.resolve("chain.pem"),
				Files.readString(dir.resolve("leaf.pem")) + Files.readString(dir.resolve("ca.pem")));
		run(dir, "x509", "-in", "leaf.pem", "-outform", "DER", "-out", "leaf.der");
		OpenSsl.crl(dir, "ca.key", "ca.pem", "leaf.pem", "crl.pem");
		run(dir, "crl", "-in", "crl.pem", "-outform", "DER", "-out", "crl.der");
	}

	private static String subject(X509Certificate certificate) {
		return certificate.getSubjectX500Principal().getName();
	}

	@Test
	void readsPemChainInFileOrder() {
		List<X509Certificate> chain = Material.certificates(dir.resolve("chain.pem").toString());
		assertThat(chain).extracting(CertificatesTest::subject).containsExactly("CN=leaf", "CN=Test CA");
	}

	@Test
	void readsDerCertificate() {
		List<X509Certificate> certificates = Material.certificates(dir.resolve("leaf.der").toString());
		assertThat(certificates).singleElement()
			.satisfies((certificate) -> assertThat(certificate.getSerialNumber()).isEqualTo(BigInteger.valueOf(4242)));
	}

	@Test
	void keyFileHasNoCertificate() {
		MaterialException ex = catchThrowableOfType(MaterialException.class,
				() -> Material.certificates(dir.resolve("leaf.key").toString()));
		assertThat(ex.problem()).isEqualTo(Problem.EMPTY);
		assertThat(ex.getMessage()).contains("PRIVATE KEY");
	}

	@Test
	void emptyFileHasNoCertificate() throws Exception {
		Files.writeString(dir.resolve("empty.pem"), "");
		MaterialException ex = catchThrowableOfType(MaterialException.class,
				() -> Material.certificates(dir.resolve("empty.pem").toString()));
		assertThat(ex.problem()).isEqualTo(Problem.EMPTY);
	}

	@Test
	void garbageIsNotACertificate() throws Exception {
		Files.writeString(dir.resolve("garbage.crt"), "hello, I am not a certificate");
		MaterialException ex = catchThrowableOfType(MaterialException.class,
				() -> Material.certificates(dir.resolve("garbage.crt").toString()));
		assertThat(ex.problem()).isEqualTo(Problem.UNPARSEABLE);
	}

	@Test
	void damagedPemCertificateIsUnparseable() throws Exception {
		Files.writeString(dir.resolve("damaged.pem"), "-----BEGIN CERTIFICATE-----\nMIIBAAAA\n-----END CERTIFICATE-----\n");
		MaterialException ex = catchThrowableOfType(MaterialException.class,
				() -> Material.certificates(dir.resolve("damaged.pem").toString()));
		assertThat(ex.problem()).isEqualTo(Problem.UNPARSEABLE);
	}

	@Test
	void readsPemCrl() {
		List<X509CRL> crls = Material.crls(dir.resolve("crl.pem").toString());
		assertThat(crls).singleElement().satisfies((crl) -> {
			assertThat(crl.getIssuerX500Principal().getName()).isEqualTo("CN=Test CA");
			assertThat(crl.getRevokedCertificate(BigInteger.valueOf(4242))).isNotNull();
		});
	}

	@Test
	void readsDerCrl() {
		List<X509CRL> crls = Material.crls(dir.resolve("crl.der").toString());
		assertThat(crls).singleElement()
			.satisfies((crl) -> assertThat(crl.getRevokedCertificate(BigInteger.valueOf(4242))).isNotNull());
	}

	@Test
	void certificateIsNotACrl() {
		MaterialException ex = catchThrowableOfType(MaterialException.class,
				() -> Material.crls(dir.resolve("ca.pem").toString()));
		assertThat(ex.problem()).isEqualTo(Problem.EMPTY);
		assertThat(ex.getMessage()).contains("CERTIFICATE");
	}

	@Test
	void garbageIsNotACrl() throws Exception {
		Files.write(dir.resolve("garbage.crl"), new byte[] { 0x30, 0x03, 1, 2, 3 });
		MaterialException ex = catchThrowableOfType(MaterialException.class,
				() -> Material.crls(dir.resolve("garbage.crl").toString()));
		assertThat(ex.problem()).isEqualTo(Problem.UNPARSEABLE);
	}

}
