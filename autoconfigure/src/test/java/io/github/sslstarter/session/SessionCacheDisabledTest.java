package io.github.sslstarter.session;

import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.sslstarter.core.SslContextFactory;
import io.github.sslstarter.core.SslSocketFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code session-cache.enabled: false}: a context keeps no session to resume, as a client and as
 * a server, while a context with its cache on resumes against the same peer.
 */
class SessionCacheDisabledTest {

	private static List<Boolean> resumed(SslContextFactory client, ResumingServer server) throws Exception {
		SslSocketFactory factory = new SslSocketFactory(client);
		List<Boolean> resumed = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			try (SSLSocket socket = factory.connect("localhost", server.port())) {
				SessionResumptionTest.echo(socket, "x" + i);
				resumed.add(factory.reused(socket));
			}
		}
		return resumed;
	}

	@ParameterizedTest
	@ValueSource(strings = { "TLSv1.2", "TLSv1.3" })
	void aClientWithoutCacheNeverResumes(String protocol) throws Exception {
		try (ResumingServer server = new ResumingServer(SessionResumptionTest.server(protocol))) {
			SslContextFactory off = new SslContextFactory(
					SessionResumptionTest.client(protocol).sessionCacheEnabled(false).build());
			assertThat(resumed(off, server)).containsExactly(false, false, false);
			assertThat(off.sessionCache().size(SessionSide.CLIENT)).isZero();
			SslContextFactory on = new SslContextFactory(SessionResumptionTest.client(protocol).build());
			assertThat(resumed(on, server)).containsExactly(false, true, true);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "TLSv1.2", "TLSv1.3" })
	void aServerWithoutCacheNeverResumes(String protocol) throws Exception {
		SslContextFactory serverContext = new SslContextFactory(
				SessionResumptionTest.server(protocol).settings().toBuilder().sessionCacheEnabled(false).build());
		try (ResumingServer server = new ResumingServer(serverContext)) {
			SslContextFactory client = new SslContextFactory(SessionResumptionTest.client(protocol).build());
			assertThat(resumed(client, server)).containsExactly(false, false, false);
		}
	}

}
