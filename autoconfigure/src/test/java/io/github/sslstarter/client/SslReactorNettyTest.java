package io.github.sslstarter.client;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;

import io.github.sslstarter.core.SslContextFactory;

import static io.github.sslstarter.client.HttpsFixtures.answer;
import static io.github.sslstarter.client.HttpsFixtures.assertRefusedAsWrongHost;
import static io.github.sslstarter.client.HttpsFixtures.clientContext;
import static io.github.sslstarter.client.HttpsFixtures.failure;
import static io.github.sslstarter.client.HttpsFixtures.mutualContext;
import static io.github.sslstarter.client.HttpsFixtures.server;
import static io.github.sslstarter.client.HttpsFixtures.serviceContext;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reactor Netty's HTTP client on a context ({@link SslReactorNetty}: a {@code JdkSslContext}
 * over the context's {@code SSLContext}), against the JDK's HTTPS server on loopback. Reactor
 * Netty asks for the JDK's {@code HTTPS} check; the context's scheme replaces it.
 */
class SslReactorNettyTest {

	static HttpsFixtures.Request get(SslContextFactory context) {
		HttpClient client = SslReactorNetty.secure(HttpClient.create(), context);
		return (url) -> client.get().uri(url).responseContent().aggregate().asString().block(Duration.ofSeconds(10));
	}

	@Test
	void aCertificateOnlyTheContextAcceptsIsAccepted() throws Exception {
		assertThat(answer(server(HttpsFixtures.service, false), get(serviceContext()))).isEqualTo("hello anonymous");
	}

	@Test
	void aWrongHostIsRefusedWithTheClassifiedFailure() throws Exception {
		assertRefusedAsWrongHost(failure(server(HttpsFixtures.wrongHost, false), get(clientContext())));
	}

	@Test
	void mutualTls() throws Exception {
		assertThat(answer(server(HttpsFixtures.localhost, true), get(mutualContext()))).isEqualTo("hello CN=client-one");
	}

}
