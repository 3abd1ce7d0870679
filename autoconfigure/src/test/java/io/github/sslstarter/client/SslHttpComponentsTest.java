package io.github.sslstarter.client;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.api.Test;

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
 * Apache HttpClient 5 on a context ({@link SslHttpComponents}), classic and async, against the
 * JDK's HTTPS server on loopback.
 */
class SslHttpComponentsTest {

	static HttpsFixtures.Request classic(SslContextFactory context) {
		return (url) -> {
			try (CloseableHttpClient client = SslHttpComponents.httpClient(context)) {
				return client.execute(new HttpGet(url), (response) -> {
					assertThat(response.getCode()).isEqualTo(200);
					return EntityUtils.toString(response.getEntity());
				});
			}
		};
	}

	static HttpsFixtures.Request async(SslContextFactory context) {
		return (url) -> {
			try (CloseableHttpAsyncClient client = SslHttpComponents.asyncClient(context)) {
				client.start();
				SimpleHttpResponse response;
				try {
					response = client.execute(SimpleRequestBuilder.get(url).build(), null).get(10, TimeUnit.SECONDS);
				}
				catch (ExecutionException ex) {
					throw (ex.getCause() instanceof Exception cause) ? cause : ex;
				}
				assertThat(response.getCode()).isEqualTo(200);
				return response.getBodyText();
			}
		};
	}

	@Test
	void classicAcceptsACertificateOnlyTheContextAccepts() throws Exception {
		assertThat(answer(server(HttpsFixtures.service, false), classic(serviceContext()))).isEqualTo("hello anonymous");
	}

	@Test
	void classicRefusesAWrongHostWithTheClassifiedFailure() throws Exception {
		assertRefusedAsWrongHost(failure(server(HttpsFixtures.wrongHost, false), classic(clientContext())));
	}

	@Test
	void classicMutualTls() throws Exception {
		assertThat(answer(server(HttpsFixtures.localhost, true), classic(mutualContext())))
			.isEqualTo("hello CN=client-one");
	}

	@Test
	void asyncAcceptsACertificateOnlyTheContextAccepts() throws Exception {
		assertThat(answer(server(HttpsFixtures.service, false), async(serviceContext()))).isEqualTo("hello anonymous");
	}

	@Test
	void asyncRefusesAWrongHostWithTheClassifiedFailure() throws Exception {
		assertRefusedAsWrongHost(failure(server(HttpsFixtures.wrongHost, false), async(clientContext())));
	}

	@Test
	void asyncMutualTls() throws Exception {
		assertThat(answer(server(HttpsFixtures.localhost, true), async(mutualContext()))).isEqualTo("hello CN=client-one");
	}

}
