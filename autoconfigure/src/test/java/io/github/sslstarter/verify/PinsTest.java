package io.github.sslstarter.verify;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.sslstarter.test.ExternalTool;
import io.github.sslstarter.test.KeyType;
import io.github.sslstarter.test.TestCertificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The three written forms of a pin, checked against the digests {@code openssl} computes of the
 * same certificate, and what a malformed pin is told.
 */
class PinsTest {

	private static final TestCertificate rsa = TestCertificate.builder()
		.localhost()
		.keyType(KeyType.RSA_2048)
		.build();

	private static final TestCertificate ec = TestCertificate.builder().localhost().build();

	@TempDir
	Path dir;

	@Test
	void theSpkiPinIsTheDigestOpensslComputesOfTheDerPublicKey() throws Exception {
		for (TestCertificate certificate : List.of(rsa, ec)) {
			Path pem = certificate.writeCertificate(this.dir.resolve("c.pem"));
			openssl("x509", "-in", pem.toString(), "-pubkey", "-noout", "-out", "pub.pem");
			openssl("pkey", "-pubin", "-in", "pub.pem", "-outform", "DER", "-out", "pub.der");
			openssl("dgst", "-sha256", "-binary", "-out", "pub.sha256", "pub.der");
			String expected = "sha256/" + Base64.getEncoder().encodeToString(Files.readAllBytes(this.dir.resolve("pub.sha256")));
			assertThat(Pins.spki(certificate.certificate())).isEqualTo(expected);
			assertThat(Pins.of(List.of(expected)).matches(certificate.certificate())).isTrue();
		}
	}

	@Test
	void theCertificateFormIsWhatOpensslPrintsAsTheFingerprintColonsAndCaseAside() throws Exception {
		Path pem = rsa.writeCertificate(this.dir.resolve("c.pem"));
		String printed = openssl("x509", "-in", pem.toString(), "-noout", "-fingerprint", "-sha256");
		// sha256 Fingerprint=AB:CD:...
		String fingerprint = printed.substring(printed.indexOf('=') + 1).strip();
		assertThat(Pins.of(List.of("sha256$" + fingerprint)).matches(rsa.certificate())).isTrue();
		assertThat(Pins.of(List.of("SHA256$" + fingerprint.replace(":", "").toLowerCase())).matches(rsa.certificate()))
			.isTrue();
		assertThat(Pins.of(List.of("sha256$" + fingerprint)).matches(ec.certificate())).isFalse();
		String sha1 = openssl("x509", "-in", pem.toString(), "-noout", "-fingerprint", "-sha1");
		assertThat(Pins.of(List.of("sha1$" + sha1.substring(sha1.indexOf('=') + 1).strip())).matches(rsa.certificate()))
			.isTrue();
	}

	@Test
	void thePublicKeyAndCertificateFormsAreWhatIoSocketSslComputesOfTheSameCertificate() throws Exception {
		String script = """
				use IO::Socket::SSL; use IO::Socket::SSL::Utils;
				my $c = PEM_file2cert($ARGV[0]);
				print IO::Socket::SSL::get_fingerprint(undef, 'sha256', $c, 1), "\\n";
				print IO::Socket::SSL::get_fingerprint(undef, 'sha1', $c, 1), "\\n";
				print IO::Socket::SSL::get_fingerprint(undef, 'sha256', $c), "\\n";
				""";
		for (TestCertificate certificate : List.of(rsa, ec)) {
			Path pem = certificate.writeCertificate(this.dir.resolve("c.pem"));
			ExternalTool.Result result = ExternalTool.perl("IO::Socket::SSL")
				.in(this.dir)
				.timeout(Duration.ofSeconds(20))
				.run("-e", script, pem.toString());
			List<String> fingerprints = result.stdout().lines().toList();
			assertThat(fingerprints).as(result.output()).hasSize(3);
			assertThat(fingerprints.get(0)).startsWith("sha256$pub$");
			assertThat(Pins.of(fingerprints).matches(certificate.certificate())).isTrue();
			for (String fingerprint : fingerprints) {
				assertThat(Pins.of(List.of(fingerprint)).matches(certificate.certificate())).as(fingerprint).isTrue();
				assertThat(Pins.of(List.of(fingerprint)).matches(other(certificate).certificate())).as(fingerprint)
					.isFalse();
			}
		}
	}

	@Test
	void aBareHexDigestIsSha1OrSha256ByItsLengthAsInIoSocketSsl() throws Exception {
		Path pem = ec.writeCertificate(this.dir.resolve("c.pem"));
		String printed = openssl("x509", "-in", pem.toString(), "-noout", "-fingerprint", "-sha1");
		String sha1 = printed.substring(printed.indexOf('=') + 1).strip();
		assertThat(Pins.of(List.of(sha1)).matches(ec.certificate())).isTrue();
		assertThatIllegalArgumentException().isThrownBy(() -> Pins.of(List.of("AB:CD:EF")))
			.withMessageContaining("'AB:CD:EF' has 3 bytes")
			.withMessageContaining("sha256/<base64");
	}

	private static TestCertificate other(TestCertificate certificate) {
		return (certificate == rsa) ? ec : rsa;
	}

	@Test
	void aPinInNoKnownFormSaysWhichFormsThereAre() {
		assertThatIllegalArgumentException().isThrownBy(() -> Pins.of(List.of("not a pin")))
			.withMessageContaining("'not a pin' is in no known form")
			.withMessageContaining("sha256/<base64");
	}

	@Test
	void aPinOfTheWrongLengthSaysHowLongTheDigestIs() {
		assertThatIllegalArgumentException().isThrownBy(() -> Pins.of(List.of("sha256/AAAA")))
			.withMessageContaining("has 3 bytes, a SHA-256 digest has 32");
		assertThatIllegalArgumentException().isThrownBy(() -> Pins.of(List.of("sha1$abcd")))
			.withMessageContaining("has 2 bytes, a SHA-1 digest has 20");
	}

	@Test
	void aPinOfAnUnknownDigestNamesTheKnownOnes() {
		assertThatIllegalArgumentException().isThrownBy(() -> Pins.of(List.of("md5$" + "00".repeat(16))))
			.withMessageContaining("uses the digest 'md5'")
			.withMessageContaining("sha256");
	}

	@Test
	void aPinThatIsNotBase64OrHexSaysSo() {
		assertThatIllegalArgumentException().isThrownBy(() -> Pins.of(List.of("sha256/not base64!")))
			.withMessageContaining("is not <algo>/<base64>");
		assertThatIllegalArgumentException().isThrownBy(() -> Pins.of(List.of("sha256$pub$zz")))
			.withMessageContaining("'zz' is not hexadecimal");
	}

	private String openssl(String... arguments) {
		ExternalTool.Result result = ExternalTool.openssl().in(this.dir).timeout(Duration.ofSeconds(20)).run(arguments);
		assertThat(result.exitCode()).as(result.output()).isZero();
		return result.stdout();
	}

}
