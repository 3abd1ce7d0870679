package io.github.sslstarter.material;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.sslstarter.material.MaterialException.Problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Issue 14, defect 7: hostile PEM (hundreds of KB of BEGIN lines without END, of BEGIN markers on
 * one line, of dashes) took from seconds to many minutes through the regular expressions of this
 * package and of Spring Boot's PEM parsers (a key after 342 KB of "-----BEGIN X-----" lines: 27 s;
 * 140 KB of "-----BEGIN CERTIFICATE-----" on one line before a certificate: 61 s; 35 KB of dashes
 * before a certificate: 12 s). Each is now read or refused at once; the bound is generous because
 * timings on a shared machine are noisy, and is far below what the old code took.
 */
class PemScanningTest {

	private static final int SIZE = 340 * 1024;

	private static final Duration BOUND = Duration.ofSeconds(2);

	@TempDir
	static Path dir;

	static String key;

	static String certificate;

	@BeforeAll
	static void generate() throws Exception {
		OpenSsl.generateKey(dir, "EC", "key.pem");
		OpenSsl.selfSigned(dir, "key.pem", "scanning", "cert.pem");
		key = Files.readString(dir.resolve("key.pem"));
		certificate = Files.readString(dir.resolve("cert.pem"));
		// Load both once, so that the timed calls do not pay for class loading.
		Material.privateKey(key, null);
		Material.certificates(certificate);
	}

	private static String repeated(String unit, int size) {
		return unit.repeat(size / unit.length() + 1);
	}

	private static <T> T timed(String what, Supplier<T> action) {
		long start = System.nanoTime();
		try {
			return action.get();
		}
		finally {
			Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
			System.out.printf("PEM scanning: %-60s %5d ms%n", what, elapsed.toMillis());
			assertThat(elapsed).as(what).isLessThan(BOUND);
		}
	}

	private static MaterialException failure(Runnable action) {
		return catchThrowableOfType(MaterialException.class, action::run);
	}

	@Test
	void readsAKeyAfterManyBeginLinesWithoutEnd() {
		String pem = repeated("-----BEGIN X-----\n", SIZE) + key;
		PrivateKey loaded = timed("key after 340 KB of BEGIN X lines", () -> Material.privateKey(pem, null));
		assertThat(loaded.getAlgorithm()).isEqualTo("EC");
	}

	@Test
	void readsACertificateAfterManyBeginMarkersOnOneLine() {
		String pem = repeated("-----BEGIN CERTIFICATE-----", SIZE) + "\n" + certificate;
		List<X509Certificate> loaded = timed("certificate after 340 KB of BEGIN markers on one line",
				() -> Material.certificates(pem));
		assertThat(loaded).singleElement()
			.satisfies((c) -> assertThat(c.getSubjectX500Principal().getName()).isEqualTo("CN=scanning"));
	}

	@Test
	void readsACertificateAndAKeyAfterARunOfDashes() {
		String dashes = "-".repeat(SIZE) + "\n";
		assertThat(timed("certificate after 340 KB of dashes", () -> Material.certificates(dashes + certificate)))
			.hasSize(1);
		assertThat(timed("key after 340 KB of dashes", () -> Material.privateKey(dashes + key, null))).isNotNull();
	}

	@Test
	void refusesCertificateBeginLinesWithoutEndNamingTheFirst() {
		String pem = repeated("-----BEGIN CERTIFICATE-----\n", SIZE) + certificate;
		MaterialException ex = timed("340 KB of BEGIN CERTIFICATE lines", () -> failure(() -> Material.certificates(pem)));
		assertThat(ex.problem()).isEqualTo(Problem.UNPARSEABLE);
		assertThat(ex.getMessage()).isEqualTo(
				"The 'CERTIFICATE' block that begins on line 1 has no '-----END CERTIFICATE-----' line");
		assertThat(ex.action()).contains("END line");
	}

	@Test
	void refusesPrivateKeyBeginLinesWithoutEndNamingTheFirst() {
		String pem = repeated("-----BEGIN PRIVATE KEY-----\n", SIZE) + key;
		MaterialException ex = timed("340 KB of BEGIN PRIVATE KEY lines",
				() -> failure(() -> Material.privateKey(pem, null)));
		assertThat(ex.problem()).isEqualTo(Problem.UNPARSEABLE);
		assertThat(ex.getMessage()).isEqualTo(
				"The 'PRIVATE KEY' block that begins on line 1 has no '-----END PRIVATE KEY-----' line");
	}

	@Test
	void refusesBeginLinesWithoutACertificateListingTheirKindOnce() {
		String pem = repeated("-----BEGIN X-----\n", SIZE) + "-----END X-----\n";
		MaterialException ex = timed("340 KB of BEGIN X lines, no certificate",
				() -> failure(() -> Material.certificates(pem)));
		assertThat(ex.problem()).isEqualTo(Problem.EMPTY);
		assertThat(ex.getMessage()).matches("No certificate found \\(the PEM holds: \\d+ X \\(without END\\), 1 X\\)");
	}

	@Test
	void readsHostileInputJustUnderTheLimitInTime() {
		String pem = repeated("-----BEGIN X-----\n", Location.MAX_SIZE - 4096).substring(0, Location.MAX_SIZE - 4096)
				+ "\n" + key;
		assertThat(pem.length()).isLessThanOrEqualTo(Location.MAX_SIZE);
		assertThat(timed("key after 8 MiB of BEGIN X lines", () -> Material.privateKey(pem, null))).isNotNull();
	}

	@Test
	void givesSpringBootsParsersOneWellDelimitedBlockEvenWhenItIsHuge() {
		String body = ("A".repeat(64) + "\n").repeat((Location.MAX_SIZE - 4096) / 65);
		MaterialException certificate = timed("one 8 MiB CERTIFICATE block of garbage", () -> failure(
				() -> Material.certificates("-----BEGIN CERTIFICATE-----\n" + body + "-----END CERTIFICATE-----\n")));
		assertThat(certificate.problem()).isEqualTo(Problem.UNPARSEABLE);
		assertThat(certificate.getMessage())
			.isEqualTo("The 'CERTIFICATE' block that begins on line 1 is not a valid X.509 certificate");
		MaterialException key = timed("one 8 MiB PRIVATE KEY block of garbage", () -> failure(
				() -> Material.privateKey("-----BEGIN PRIVATE KEY-----\n" + body + "-----END PRIVATE KEY-----\n", null)));
		assertThat(key.problem()).isEqualTo(Problem.UNPARSEABLE);
		assertThat(key.getMessage()).isEqualTo("The 'PRIVATE KEY' block is not a valid RSA, EC or EdDSA private key");
	}

	@Test
	void refusesInlinePemOverTheLimitNamingIt() {
		String pem = repeated("-----BEGIN X-----\n", Location.MAX_SIZE + 1) + key;
		MaterialException ex = timed("inline PEM over the limit", () -> failure(() -> Material.privateKey(pem, null)));
		assertThat(ex.problem()).isEqualTo(Problem.TOO_LARGE);
		assertThat(ex.getMessage()).startsWith("The inline PEM is 8.0 MiB, more than the 8 MiB");
		assertThat(ex.location()).startsWith("inline PEM (");
	}

	@Test
	void refusesFilesOverTheLimitBeforeReadingThem() throws Exception {
		Path big = dir.resolve("big.pem");
		try (var channel = java.nio.channels.FileChannel.open(big, java.nio.file.StandardOpenOption.CREATE_NEW,
				java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.SPARSE)) {
			channel.write(java.nio.ByteBuffer.wrap(new byte[] { '\n' }), 3L * 1024 * 1024 * 1024);
		}
		MaterialException key = timed("3 GiB key file", () -> failure(() -> Material.privateKey(big.toString(), null)));
		assertThat(key.problem()).isEqualTo(Problem.TOO_LARGE);
		assertThat(key.getMessage()).isEqualTo(
				"The file is 3072.0 MiB, more than the 8 MiB this starter reads as a key, certificate or CA file");
		MaterialException certificates = failure(() -> Material.certificates(big.toString()));
		assertThat(certificates.problem()).isEqualTo(Problem.TOO_LARGE);
		Path caDirectory = Files.createDirectories(dir.resolve("ca"));
		Files.createSymbolicLink(caDirectory.resolve("big.pem"), big);
		MaterialException ca = failure(() -> Material.caDirectory(caDirectory.toString()));
		assertThat(ca.problem()).isEqualTo(Problem.TOO_LARGE);
		assertThat(ca.location()).endsWith("big.pem");
	}

}
