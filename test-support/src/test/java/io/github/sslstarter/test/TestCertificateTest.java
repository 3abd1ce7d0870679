package io.github.sslstarter.test;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.sslstarter.test.TestCertificate.ExtendedKeyUsage;
import io.github.sslstarter.test.TestCertificate.KeyUsage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class TestCertificateTest {

	private static final TestCertificate root = TestCertificate.builder()
		.commonName("Test Root")
		.certificateAuthority(1)
		.build();

	@TempDir
	Path dir;

	@Test
	void aDefaultCertificateIsASelfSignedP256LeafValidForThirtyDays() throws Exception {
		TestCertificate certificate = TestCertificate.builder().commonName("plain").build();
		X509Certificate x509 = certificate.certificate();
		assertThat(x509.getSubjectX500Principal()).isEqualTo(x509.getIssuerX500Principal());
		assertThat(x509.getPublicKey().getAlgorithm()).isEqualTo("EC");
		assertThat(x509.getSigAlgName()).isEqualTo("SHA256withECDSA");
		assertThat(x509.getBasicConstraints()).isEqualTo(-1);
		assertThat(x509.getKeyUsage()[0]).as("digitalSignature").isTrue();
		assertThat(x509.getExtendedKeyUsage()).isNull();
		assertThat(x509.getNotAfter().toInstant()).isCloseTo(Instant.now().plus(30, ChronoUnit.DAYS),
				org.assertj.core.api.Assertions.within(1, ChronoUnit.HOURS));
		assertThat(certificate.isCertificateAuthority()).isFalse();
		x509.verify(x509.getPublicKey());
	}

	@Test
	void aChainOfRootIntermediateAndLeafValidatesWithPkix() throws Exception {
		TestCertificate intermediate = TestCertificate.builder()
			.commonName("Test Intermediate")
			.certificateAuthority(0)
			.signedBy(root)
			.build();
		TestCertificate leaf = TestCertificate.builder().localhost().signedBy(intermediate).build();
		assertThat(leaf.chain()).containsExactly(leaf.certificate(), intermediate.certificate(), root.certificate());
		assertThat(intermediate.certificate().getBasicConstraints()).isZero();
		assertThat(root.certificate().getBasicConstraints()).isEqualTo(1);
		validate(leaf.chain().subList(0, 2), root.certificate());
	}

	@Test
	void anAuthorityIsASelfSignedCaForLeaves() {
		TestCertificate ca = TestCertificate.authority("Short CA");
		assertThat(ca.isCertificateAuthority()).isTrue();
		assertThat(ca.certificate().getBasicConstraints()).isZero();
		assertThat(ca.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=Short CA");
		assertThat(ca.certificate().getKeyUsage()[5]).as("keyCertSign").isTrue();
		assertThat(ca.certificate().getKeyUsage()[6]).as("cRLSign").isTrue();
		assertThat(ca.chain()).containsExactly(ca.certificate());
	}

	@Test
	void localhostCarriesTheLoopbackNames() throws Exception {
		X509Certificate certificate = TestCertificate.builder().localhost().build().certificate();
		assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
		assertThat(certificate.getSubjectAlternativeNames()).containsExactly(List.of(2, "localhost"),
				List.of(7, "127.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1"));
	}

	@Test
	void subjectAltNamesKeepTheirOrderAndType() throws Exception {
		X509Certificate certificate = TestCertificate.builder()
			.commonName("names")
			.subjectAltNames("DNS:a.example.org", "IP:10.0.0.1", "email:ops@example.org", "URI:https://example.org/")
			.dnsNames("*.b.example.org")
			.build()
			.certificate();
		assertThat(certificate.getSubjectAlternativeNames()).containsExactly(List.of(2, "a.example.org"),
				List.of(7, "10.0.0.1"), List.of(1, "ops@example.org"), List.of(6, "https://example.org/"),
				List.of(2, "*.b.example.org"));
	}

	@Test
	void aCertificateWithOnlySubjectAltNamesHasAnEmptySubjectAndACriticalSan() throws Exception {
		X509Certificate certificate = TestCertificate.builder().dnsNames("only.example.org").signedBy(root).build()
			.certificate();
		assertThat(certificate.getSubjectX500Principal().getName()).isEmpty();
		assertThat(certificate.getCriticalExtensionOIDs()).contains("2.5.29.17");
		validate(List.of(certificate), root.certificate());
	}

	@Test
	void aCommonNameSurvivesAnyCharacter() {
		String name = "www.example.org\0.evil.com";
		X509Certificate certificate = TestCertificate.builder().commonName(name).build().certificate();
		assertThat(certificate.getSubjectX500Principal().getName()).contains("evil.com");
		assertThat(new String(certificate.getSubjectX500Principal().getEncoded(), StandardCharsets.ISO_8859_1))
			.contains(name);
	}

	@Test
	void aSubjectIsReadMostSpecificFirst() {
		X509Certificate certificate = TestCertificate.builder()
			.subject("CN=second.example.org, CN=first.example.org, O=Example")
			.build()
			.certificate();
		assertThat(certificate.getSubjectX500Principal().getName())
			.isEqualTo("CN=second.example.org,CN=first.example.org,O=Example");
	}

	@ParameterizedTest
	@EnumSource(KeyType.class)
	void everyKeyTypeMakesAndSignsCertificates(KeyType type) throws Exception {
		TestCertificate ca = TestCertificate.builder().commonName(type + " CA").keyType(type).certificateAuthority(0)
			.build();
		TestCertificate leaf = TestCertificate.builder().commonName(type + " leaf").keyType(type).signedBy(ca).build();
		assertThat(leaf.certificate().getPublicKey().getAlgorithm()).isIn(type.algorithm(), "EdDSA");
		assertThat(leaf.certificate().getSigAlgName()).isEqualToIgnoringCase(type.signatureAlgorithm());
		leaf.certificate().verify(ca.certificate().getPublicKey());
	}

	@Test
	void anRsaLeafMayEncipherKeys() {
		boolean[] usage = TestCertificate.builder().commonName("rsa").keyType(KeyType.RSA_2048).build().certificate()
			.getKeyUsage();
		assertThat(usage[0]).as("digitalSignature").isTrue();
		assertThat(usage[2]).as("keyEncipherment").isTrue();
	}

	@Test
	void theSignatureAlgorithmCanBeChosen() {
		TestCertificate ca = TestCertificate.builder().commonName("RSA CA").keyType(KeyType.RSA_2048)
			.certificateAuthority(0).build();
		X509Certificate sha1 = TestCertificate.builder()
			.commonName("sha1")
			.signedBy(ca)
			.signatureAlgorithm("SHA1withRSA")
			.build()
			.certificate();
		assertThat(sha1.getSigAlgName()).isEqualTo("SHA1withRSA");
	}

	@Test
	void aGivenKeyPairIsUsed() {
		TestCertificate first = TestCertificate.builder().commonName("first").build();
		TestCertificate again = TestCertificate.builder().commonName("again").keyPair(first.keyPair()).build();
		assertThat(again.certificate().getPublicKey()).isEqualTo(first.certificate().getPublicKey());
		assertThat(again.certificate().getSerialNumber()).isNotEqualTo(first.certificate().getSerialNumber());
	}

	@Test
	void expiredAndNotYetValidAreOutsideTheirValidityNow() {
		X509Certificate expired = TestCertificate.builder().commonName("old").expired().build().certificate();
		X509Certificate early = TestCertificate.builder().commonName("new").notYetValid().build().certificate();
		assertThatExceptionOfType(CertificateExpiredException.class).isThrownBy(expired::checkValidity);
		assertThatExceptionOfType(CertificateNotYetValidException.class).isThrownBy(early::checkValidity);
		Instant notBefore = Instant.parse("2026-01-01T00:00:00Z");
		X509Certificate fixed = TestCertificate.builder().commonName("fixed")
			.validity(notBefore, Instant.parse("2026-01-02T03:04:05Z")).serialNumber(4242).build().certificate();
		assertThat(fixed.getNotBefore().toInstant()).isEqualTo(notBefore);
		assertThat(fixed.getNotAfter().toInstant()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
		assertThat(fixed.getSerialNumber()).isEqualTo(BigInteger.valueOf(4242));
	}

	@Test
	void keyUsageAndExtendedKeyUsageCanBeSet() throws Exception {
		X509Certificate responder = TestCertificate.builder()
			.commonName("OCSP responder")
			.signedBy(root)
			.keyUsage(KeyUsage.DIGITAL_SIGNATURE, KeyUsage.NON_REPUDIATION)
			.extendedKeyUsage(ExtendedKeyUsage.OCSP_SIGNING)
			.build()
			.certificate();
		assertThat(responder.getKeyUsage()).startsWith(true, true, false, false, false, false, false);
		assertThat(responder.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.9");
		X509Certificate server = TestCertificate.builder().localhost().keyUsage()
			.extendedKeyUsage(ExtendedKeyUsage.SERVER_AUTH, ExtendedKeyUsage.CLIENT_AUTH).build().certificate();
		assertThat(server.getKeyUsage()).isNull();
		assertThat(server.getExtendedKeyUsage()).containsExactlyInAnyOrder("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
	}

	@Test
	void pemTextReadsBackAsTheCertificatesAndTheKey() throws Exception {
		TestCertificate leaf = TestCertificate.builder().localhost().signedBy(root).build();
		CertificateFactory factory = CertificateFactory.getInstance("X.509");
		Collection<? extends java.security.cert.Certificate> chain = factory.generateCertificates(
				new ByteArrayInputStream(leaf.chainPem().getBytes(StandardCharsets.US_ASCII)));
		assertThat(List.copyOf(chain)).isEqualTo(leaf.chain());
		assertThat(factory.generateCertificate(
				new ByteArrayInputStream(leaf.certificatePem().getBytes(StandardCharsets.US_ASCII))))
			.isEqualTo(leaf.certificate());
		assertThat(leaf.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----\n")
			.endsWith("-----END PRIVATE KEY-----\n");
		assertThat(readKey(leaf.privateKeyPem())).isEqualTo(leaf.privateKey());
	}

	@Test
	void writesItsFiles() throws Exception {
		TestCertificate leaf = TestCertificate.builder().localhost().signedBy(root).build();
		TestCertificate.PemFiles files = leaf.writeTo(this.dir.resolve("tls"), "server");
		assertThat(files.chain()).hasFileName("server.pem").hasContent(leaf.chainPem());
		assertThat(files.privateKey()).hasFileName("server-key.pem").hasContent(leaf.privateKeyPem());
		assertThat(leaf.writeCertificate(this.dir.resolve("leaf.pem"))).hasContent(leaf.certificatePem());
		assertThat(leaf.writeChain(this.dir.resolve("chain.pem"))).hasContent(leaf.chainPem());
		assertThat(Files.readString(leaf.writePrivateKey(this.dir.resolve("key.pem")))).isEqualTo(leaf.privateKeyPem());
	}

	@Test
	void toStringNamesTheCertificateAndNeverTheKey() {
		TestCertificate leaf = TestCertificate.builder().localhost().signedBy(root).build();
		String key = Base64.getEncoder().encodeToString(leaf.privateKey().getEncoded());
		assertThat(leaf.toString()).contains("CN=localhost", "CN=Test Root").doesNotContain(key.substring(0, 20));
	}

	@Test
	void refusesToSignWithALeaf() {
		TestCertificate leaf = TestCertificate.builder().commonName("leaf").build();
		assertThatIllegalStateException()
			.isThrownBy(() -> TestCertificate.builder().commonName("x").signedBy(leaf).build())
			.withMessageContaining("'CN=leaf' is not a certificate authority")
			.withMessageContaining("certificateAuthority(0)");
	}

	@Test
	void refusesAnIntermediateBelowACaThatAllowsNone() {
		TestCertificate ca = TestCertificate.authority("Leaf CA");
		assertThatIllegalStateException()
			.isThrownBy(() -> TestCertificate.builder().commonName("Sub").certificateAuthority(0).signedBy(ca).build())
			.withMessageContaining("allows no intermediate CA");
		assertThatIllegalStateException()
			.isThrownBy(
					() -> TestCertificate.builder().commonName("Sub").certificateAuthority(1).signedBy(root).build())
			.withMessageContaining("certificateAuthority(0) or less");
	}

	@Test
	void refusesWhatMakesNoCertificate() {
		assertThatIllegalStateException().isThrownBy(() -> TestCertificate.builder().build())
			.withMessageContaining("needs a subject or subjectAltNames");
		assertThatIllegalStateException()
			.isThrownBy(() -> TestCertificate.builder().dnsNames("ca.example").certificateAuthority(0).build())
			.withMessageContaining("certificate authority needs a subject");
		assertThatIllegalStateException().isThrownBy(() -> TestCertificate.builder().dnsNames("self.example").build())
			.withMessageContaining("self-signed certificate needs a subject");
		Instant now = Instant.now();
		assertThatIllegalStateException()
			.isThrownBy(() -> TestCertificate.builder().commonName("x").validity(now, now.minusSeconds(1)).build())
			.withMessageContaining("swap them");
		assertThatIllegalArgumentException().isThrownBy(() -> TestCertificate.builder().ipAddresses("127.1"))
			.withMessageContaining("'127.1' is no IPv4 or IPv6 address");
		assertThatIllegalArgumentException().isThrownBy(() -> TestCertificate.builder().subjectAltNames("otherName:x"))
			.withMessageContaining("DNS:name, IP:address, email:address or URI:uri");
	}

	private static void validate(List<X509Certificate> path, X509Certificate anchor) throws Exception {
		PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
		parameters.setRevocationEnabled(false);
		try {
			CertPathValidator.getInstance("PKIX")
				.validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
		}
		catch (CertPathValidatorException ex) {
			throw new AssertionError("The chain does not validate: " + ex.getMessage(), ex);
		}
	}

	private static PrivateKey readKey(String pem) throws Exception {
		byte[] der = Base64.getMimeDecoder()
			.decode(pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", ""));
		return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
	}

}
