package io.github.sslstarter.interop;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import javax.net.ssl.HttpsURLConnection;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.Test;

import io.github.sslstarter.core.SslContextFactory;
import io.github.sslstarter.core.SslSettings;
import io.github.sslstarter.core.SslSocketFactory;
import io.github.sslstarter.material.Identity;
import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.verify.HostnameScheme;
import io.github.sslstarter.verify.SchemeHostnameVerifier;

import static io.github.sslstarter.testing.Identities.identity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * The factory and the scheme's HostnameVerifier handed to HttpsURLConnection, which verifies
 * after the handshake.
 */
class HttpsClientsTest {

	private static final TestCertificate ca = TestCertificate.authority("HTTPS CA");

	private static final Identity www = identity(
			TestCertificate.builder().commonName("www.example.org").dnsNames("www.example.org").signedBy(ca).build());

	private static HttpsServer server(Identity identity) throws IOException {
		SslContextFactory context = new SslContextFactory(
				SslSettings.builder().name("server").identity(identity).build());
		HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 10);
		server.setHttpsConfigurator(new HttpsConfigurator(context.sslContext()));
		server.createContext("/", (exchange) -> {
			byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		server.start();
		return server;
	}

	private static String get(int port, SslSettings settings) throws IOException {
		HttpsURLConnection connection = (HttpsURLConnection) URI.create("https://localhost:" + port + "/")
			.toURL()
			.openConnection();
		connection.setSSLSocketFactory(new SslSocketFactory(new SslContextFactory(settings)));
		connection.setHostnameVerifier(new SchemeHostnameVerifier(settings.verifyScheme(), settings.verifyName()));
		try (InputStream in = connection.getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private static SslSettings.Builder client() {
		return SslSettings.builder()
			.trustedCertificates(List.of(ca.certificate()))
			.trustSystemDefaults(false)
			.verifyScheme(HostnameScheme.named("http"));
	}

	@Test
	void httpsUrlConnectionWithTheFactoryAndTheSchemeVerifier() throws Exception {
		HttpsServer server = server(identity(TestCertificate.builder().localhost().signedBy(ca).build()));
		try {
			assertThat(get(server.getAddress().getPort(), client().build())).isEqualTo("hello");
		}
		finally {
			server.stop(0);
		}
	}

	@Test
	void theHostnameVerifierAloneRefusesAWrongNameAfterTheHandshake() throws Exception {
		HttpsServer server = server(www);
		try {
			// chain verification only in the handshake: the name is left to the HostnameVerifier
			SslContextFactory chainOnly = new SslContextFactory(client().verifyScheme(HostnameScheme.NONE).build());
			HttpsURLConnection connection = (HttpsURLConnection) URI
				.create("https://localhost:" + server.getAddress().getPort() + "/")
				.toURL()
				.openConnection();
			connection.setSSLSocketFactory(chainOnly.sslContext().getSocketFactory());
			connection.setHostnameVerifier(new SchemeHostnameVerifier(HostnameScheme.named("http"), null));
			assertThatIOException().isThrownBy(connection::getInputStream).withMessageContaining("localhost");
		}
		finally {
			server.stop(0);
		}
	}

	@Test
	void httpsUrlConnectionRefusesAWrongName() throws Exception {
		HttpsServer server = server(www);
		try {
			assertThatIOException().isThrownBy(() -> get(server.getAddress().getPort(), client().build()))
				.withMessageContaining("www.example.org");
		}
		finally {
			server.stop(0);
		}
	}

}
