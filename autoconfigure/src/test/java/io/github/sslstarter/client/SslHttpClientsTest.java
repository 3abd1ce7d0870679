package io.github.sslstarter.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyStore;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

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
 * The JDK {@link HttpClient} on a context ({@link SslHttpClients}), against the JDK's HTTPS
 * server on loopback.
 */
class SslHttpClientsTest {

	static HttpsFixtures.Request get(SslContextFactory context) {
		return get(SslHttpClients.builder(context).build());
	}

	private static HttpsFixtures.Request get(HttpClient client) {
		return (url) -> {
			HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url)).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			return response.body();
		};
	}

	@Test
	void aCertificateOnlyTheContextAcceptsIsAccepted() throws Exception {
		// the JDK client asks for its HTTPS check on every connection: the context's rule replaces it
		assertThat(answer(server(HttpsFixtures.service, false), get(serviceContext()))).isEqualTo("hello anonymous");
	}

	@Test
	void theJdkClientRunsItsOwnHostnameCheckWhateverParametersItIsGiven() throws Exception {
		// why the context's trust manager must not run the algorithm the client sets: a plain JDK
		// context, its parameters asking for no endpoint identification, still refuses the name
		TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
		KeyStore anchors = KeyStore.getInstance("PKCS12");
		anchors.load(null, null);
		anchors.setCertificateEntry("ca", HttpsFixtures.ca.certificate());
		trust.init(anchors);
		SSLContext plain = SSLContext.getInstance("TLS");
		plain.init(null, trust.getTrustManagers(), null);
		SSLParameters parameters = plain.getDefaultSSLParameters();
		parameters.setEndpointIdentificationAlgorithm(null);
		HttpClient client = HttpClient.newBuilder().sslContext(plain).sslParameters(parameters).build();
		assertThat(failure(server(HttpsFixtures.service, false), get(client))).isInstanceOf(SSLHandshakeException.class)
			.hasStackTraceContaining("No subject alternative DNS name matching localhost");
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
	void withoutAClientCertificateTheServerRefuses() throws Exception {
		assertThat(failure(server(HttpsFixtures.localhost, true), get(clientContext()))).isNotNull();
	}

}
