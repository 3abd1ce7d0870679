package io.github.sslstarter.test;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class TestCrlTest {

	private static final TestCertificate ca = TestCertificate.authority("CRL CA");

	@TempDir
	Path dir;

	@Test
	void revokesWhatItIsToldAndIsSignedByTheCa() throws Exception {
		TestCertificate revoked = TestCertificate.builder().localhost().signedBy(ca).build();
		TestCertificate good = TestCertificate.builder().localhost().signedBy(ca).build();
		TestCrl crl = TestCrl.builder(ca).revoke(revoked).build();
		crl.crl().verify(ca.certificate().getPublicKey());
		assertThat(crl.crl().getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());
		assertThat(crl.revokes(revoked.certificate())).isTrue();
		assertThat(crl.revokes(good.certificate())).isFalse();
		assertThat(crl.crl().getRevokedCertificate(revoked.certificate().getSerialNumber()).getRevocationReason())
			.hasToString("KEY_COMPROMISE");
		assertThat(crl.crl().getNextUpdate()).isAfter(crl.crl().getThisUpdate());
	}

	@Test
	void anEmptyCrlRevokesNothing() {
		X509CRL crl = TestCrl.builder(ca).number(7).build().crl();
		assertThat(crl.getRevokedCertificates()).isNull();
		assertThat(crl.getExtensionValue("2.5.29.20")).as("CRL number").isNotNull();
	}

	@Test
	void pemReadsBackAndIsWritten() throws Exception {
		TestCertificate revoked = TestCertificate.builder().commonName("gone").serialNumber(77).signedBy(ca).build();
		TestCrl crl = TestCrl.builder(ca)
			.revoke(revoked.certificate())
			.validity(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-02-01T00:00:00Z"))
			.build();
		assertThat(crl.pem()).startsWith("-----BEGIN X509 CRL-----\n");
		X509CRL read = (X509CRL) CertificateFactory.getInstance("X.509")
			.generateCRL(new ByteArrayInputStream(crl.pem().getBytes(StandardCharsets.US_ASCII)));
		assertThat(read).isEqualTo(crl.crl());
		assertThat(read.getRevokedCertificate(BigInteger.valueOf(77))).isNotNull();
		assertThat(read.getThisUpdate().toInstant()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
		assertThat(crl.write(this.dir.resolve("ca.crl"))).hasContent(crl.pem());
	}

	@Test
	void refusesACertificateOfAnotherIssuerAndALeafAsIssuer() {
		TestCertificate stranger = TestCertificate.builder().commonName("stranger").build();
		assertThatIllegalArgumentException().isThrownBy(() -> TestCrl.builder(ca).revoke(stranger))
			.withMessageContaining("issued by 'CN=stranger', not by 'CN=CRL CA'");
		assertThatIllegalStateException().isThrownBy(() -> TestCrl.builder(stranger).build())
			.withMessageContaining("not a certificate authority");
	}

}
