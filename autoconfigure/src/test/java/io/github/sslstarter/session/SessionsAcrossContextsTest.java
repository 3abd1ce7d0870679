package io.github.sslstarter.session;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.sslstarter.core.SslContextFactory;
import io.github.sslstarter.core.SslSocketFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Why there is no shared session cache ({@code SSL_session_cache}, {@code session-cache.shared}):
 * a JSSE client resumes only sessions of its own {@code SSLContext}. Two contexts built from the
 * very same settings, against the same server, each make their own full handshake; one context
 * resumes for every connection it makes.
 */
class SessionsAcrossContextsTest {

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "TLSv1.2", "TLSv1.3" })
	void aContextNeverResumesTheSessionsOfAnother(String protocol) throws Exception {
		try (ResumingServer server = new ResumingServer(SessionResumptionTest.server(protocol))) {
			SslSocketFactory first = new SslSocketFactory(
					new SslContextFactory(SessionResumptionTest.client(protocol).name("first").build()));
			SslSocketFactory second = new SslSocketFactory(
					new SslContextFactory(SessionResumptionTest.client(protocol).name("second").build()));
			assertThat(SessionResumptionTest.exchange(first, "localhost", server.port())).isFalse();
			assertThat(SessionResumptionTest.exchange(first, "localhost", server.port())).as("first, again").isTrue();
			// the same settings, the same server, which still holds the session: a full handshake
			assertThat(SessionResumptionTest.exchange(second, "localhost", server.port())).as("second").isFalse();
			assertThat(SessionResumptionTest.exchange(second, "localhost", server.port())).as("second, again").isTrue();
			assertThat(first.contextFactory().sessionCache().statistics(SessionSide.CLIENT).hits()).isEqualTo(1);
			assertThat(second.contextFactory().sessionCache().statistics(SessionSide.CLIENT).hits()).isEqualTo(1);
		}
	}

}
