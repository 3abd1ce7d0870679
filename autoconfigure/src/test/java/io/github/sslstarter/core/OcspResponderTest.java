package io.github.sslstarter.core;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.test.TestOcspResponder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * What the starter reads of certificates and responses itself: the responder URL of the
 * authority information access extension, and how long an answer {@code openssl ocsp} made
 * ({@code -nmin 10}) may be cached.
 */
class OcspResponderTest {

	private static final TestCertificate ca = TestCertificate.authority("Responder CA");

	@TempDir
	Path dir;

	@Test
	void readsTheResponderUrlOfTheAuthorityInformationAccess() {
		TestCertificate named = TestCertificate.builder().localhost().signedBy(ca).ocspResponder("http://127.0.0.1:9/ocsp")
			.build();
		assertThat(OcspResponder.responderOf(named.certificate())).isEqualTo(URI.create("http://127.0.0.1:9/ocsp"));
		assertThat(OcspResponder.responderOf(ca.certificate())).isNull();
	}

	@Test
	void cachesAnOpensslAnswerUntilItsNextUpdate() throws Exception {
		try (TestOcspResponder responder = TestOcspResponder.start(ca, this.dir.resolve("responder"))) {
			TestCertificate leaf = TestCertificate.builder().localhost().signedBy(ca).ocspResponder(responder.uri()).build();
			responder.good(leaf);
			byte[] answer = Files.readAllBytes(responder.writeResponse(leaf, this.dir.resolve("answer.der")));
			Instant now = Instant.now();
			Instant expiry = OcspResponder.expiry(answer, now);
			assertThat(expiry).isBetween(now.plus(Duration.ofMinutes(9)), now.plus(Duration.ofMinutes(11)));
			assertThat(OcspResponder.expiry(answer, now.plus(Duration.ofMinutes(11)))).as("past its nextUpdate").isNull();
			assertThat(OcspResponder.responseStatus(answer)).isZero();
			OcspResponder fetching = new OcspResponder(Duration.ofSeconds(2), 10, Clock.systemUTC());
			byte[] fetched = fetching.fetch(leaf.certificate(), ca.certificate());
			assertThat(OcspResponder.expiry(fetched, now)).isNotNull();
			fetching.fetch(leaf.certificate(), ca.certificate());
			assertThat(responder.requests()).isEqualTo(1);
			assertThat(fetching.cached()).isEqualTo(1);
			OcspResponder later = new OcspResponder(Duration.ofSeconds(2), 10,
					Clock.offset(Clock.systemUTC(), Duration.ofMinutes(11)));
			later.fetch(leaf.certificate(), ca.certificate());
			assertThat(responder.requests()).isEqualTo(2);
		}
	}

	@Test
	void aCertificateWithoutAResponderCannotBeAsked() {
		TestCertificate leaf = TestCertificate.builder().localhost().signedBy(ca).build();
		assertThatIOException()
			.isThrownBy(() -> new OcspResponder(Duration.ofSeconds(1), 0, Clock.systemUTC()).fetch(leaf.certificate(),
					ca.certificate()))
			.withMessageContaining("names no OCSP responder");
	}

}
