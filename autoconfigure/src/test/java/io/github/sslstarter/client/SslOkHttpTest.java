package io.github.sslstarter.client;

import java.time.Duration;
import java.util.List;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;

import io.github.sslstarter.core.SslContextFactory;
import io.github.sslstarter.core.SslSettings;
import io.github.sslstarter.core.SslSocketFactory;

import static io.github.sslstarter.client.HttpsFixtures.answer;
import static io.github.sslstarter.client.HttpsFixtures.assertRefusedAsWrongHost;
import static io.github.sslstarter.client.HttpsFixtures.clientContext;
import static io.github.sslstarter.client.HttpsFixtures.failure;
import static io.github.sslstarter.client.HttpsFixtures.mutualContext;
import static io.github.sslstarter.client.HttpsFixtures.server;
import static io.github.sslstarter.client.HttpsFixtures.serviceContext;
import static io.github.sslstarter.testing.Identities.identity;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * OkHttp on a context ({@link SslOkHttp}), against the JDK's HTTPS server, and against an
 * HTTP/2 server (Reactor Netty, in-process) to which it must negotiate {@code h2} by ALPN: OkHttp
 * sets ALPN on the socket before its handshake, which the factory's armed sockets allow.
 */
class SslOkHttpTest {

	private static OkHttpClient client(SslContextFactory context) {
		return SslOkHttp.configure(new OkHttpClient.Builder(), new SslSocketFactory(context))
			.callTimeout(Duration.ofSeconds(10))
			.build();
	}

	static HttpsFixtures.Request get(SslContextFactory context) {
		OkHttpClient client = client(context);
		return (url) -> {
			try (Response response = client.newCall(new Request.Builder().url(url).build()).execute()) {
				assertThat(response.code()).isEqualTo(200);
				return response.body().string();
			}
		};
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

	@Test
	void negotiatesHttp2ByAlpn() throws Exception {
		SslContextFactory serverContext = new SslContextFactory(
				SslSettings.builder().name("h2-server").identity(identity(HttpsFixtures.localhost)).build());
		JdkSslContext netty = new JdkSslContext(serverContext.sslContext(), false, serverContext.cipherSuites(),
				IdentityCipherSuiteFilter.INSTANCE,
				new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
						ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
						ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ApplicationProtocolNames.HTTP_2,
						ApplicationProtocolNames.HTTP_1_1),
				ClientAuth.NONE, serverContext.protocols().toArray(new String[0]), false);
		DisposableServer server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.protocol(HttpProtocol.H2, HttpProtocol.HTTP11)
			.secure((spec) -> spec.sslContext(netty))
			.handle((request, response) -> response.sendString(Mono.just("hello over " + request.protocol())))
			.bindNow(Duration.ofSeconds(10));
		try {
			OkHttpClient client = client(clientContext());
			try (Response response = client
				.newCall(new Request.Builder().url("https://localhost:" + server.port() + "/").build())
				.execute()) {
				assertThat(response.protocol()).isEqualTo(Protocol.HTTP_2);
				assertThat(response.body().string()).isEqualTo("hello over HTTP/2.0");
			}
			assertThat(client.protocols()).containsAll(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1));
		}
		finally {
			server.disposeNow(Duration.ofSeconds(5));
		}
	}

}
