package io.github.sslstarter.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.List;
import java.util.function.UnaryOperator;

import javax.net.ssl.SSLPeerUnverifiedException;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

import io.github.sslstarter.core.ClientAuth;
import io.github.sslstarter.core.SslConnectionException;
import io.github.sslstarter.core.SslContextFactory;
import io.github.sslstarter.core.SslSettings;
import io.github.sslstarter.core.TlsFailure;
import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.verify.HostnameMismatchException;

import static io.github.sslstarter.testing.Identities.identity;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every HTTP client adapter test needs: one CA, the servers' certificates, an in-process
 * JDK {@link HttpsServer} on 127.0.0.1 that answers {@code hello <client>} (the client
 * certificate's subject, or {@code anonymous}), and the client contexts.
 */
final class HttpsFixtures {

	static final TestCertificate ca = TestCertificate.authority("HTTP Clients CA");

	/** Valid for localhost: every scheme and the JDK's own check accept it. */
	static final TestCertificate localhost = TestCertificate.builder().localhost().signedBy(ca).build();

	/**
	 * Valid for {@code service.internal} only: reached as {@code localhost}, only a context with
	 * {@code verify.name=service.internal} accepts it (the JDK's HTTPS check refuses it).
	 */
	static final TestCertificate service = TestCertificate.builder()
		.commonName("service.internal")
		.dnsNames("service.internal")
		.signedBy(ca)
		.build();

	/** Valid for another host. */
	static final TestCertificate wrongHost = TestCertificate.builder()
		.commonName("www.example.org")
		.dnsNames("www.example.org")
		.signedBy(ca)
		.build();

	static final TestCertificate client = TestCertificate.builder().commonName("client-one").signedBy(ca).build();

	private HttpsFixtures() {
	}

	/** A server presenting {@code certificate}; with {@code needClientAuth}, a CA-signed client certificate is required. */
	static HttpsServer server(TestCertificate certificate, boolean needClientAuth) throws IOException {
		SslSettings.Builder settings = SslSettings.builder().name("server").identity(identity(certificate));
		if (needClientAuth) {
			settings.clientAuth(ClientAuth.NEED).trustedCertificates(List.of(ca.certificate())).trustSystemDefaults(false);
		}
		SslContextFactory context = new SslContextFactory(settings.build());
		HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 10);
		server.setHttpsConfigurator(new HttpsConfigurator(context.sslContext()) {

			@Override
			public void configure(HttpsParameters parameters) {
				parameters.setSSLParameters(context.serverParameters());
			}

		});
		server.createContext("/", (exchange) -> {
			byte[] body = ("hello " + clientName((HttpsExchange) exchange)).getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "text/plain");
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		server.start();
		return server;
	}

	private static String clientName(HttpsExchange exchange) {
		try {
			Principal peer = exchange.getSSLSession().getPeerPrincipal();
			return peer.getName();
		}
		catch (SSLPeerUnverifiedException ex) {
			return "anonymous";
		}
	}

	/** What {@code request} answers from {@code server}, which is stopped afterwards. */
	static String answer(HttpsServer server, Request request) throws Exception {
		try {
			return request.send(url(server));
		}
		finally {
			server.stop(0);
		}
	}

	/** How {@code request} to {@code server} fails (null if it does not); the server is stopped afterwards. */
	static Throwable failure(HttpsServer server, Request request) {
		try {
			request.send(url(server));
			return null;
		}
		catch (Throwable ex) {
			return ex;
		}
		finally {
			server.stop(0);
		}
	}

	/** A GET of a URL by the client under test, answering the body. */
	@FunctionalInterface
	interface Request {

		String send(String url) throws Exception;

	}

	static String url(HttpsServer server) {
		return "https://localhost:" + server.getAddress().getPort() + "/";
	}

	/** A client context trusting the test CA only, changed by {@code change}. */
	static SslContextFactory clientContext() {
		return clientContext((settings) -> settings);
	}

	static SslContextFactory clientContext(UnaryOperator<SslSettings.Builder> change) {
		return new SslContextFactory(change
			.apply(SslSettings.builder().name("partners").trustedCertificates(List.of(ca.certificate())).trustSystemDefaults(false))
			.build());
	}

	/** Accepts {@link #service} at localhost. */
	static SslContextFactory serviceContext() {
		return clientContext((settings) -> settings.verifyName("service.internal"));
	}

	/** Presents {@link #client}. */
	static SslContextFactory mutualContext() {
		return clientContext((settings) -> settings.identity(identity(client)));
	}

	/**
	 * The failure a client reports for {@link #wrongHost}: this project's classified host-name
	 * mismatch, naming the names the certificate carries, somewhere in its cause chain.
	 */
	static void assertRefusedAsWrongHost(Throwable thrown) {
		assertThat(thrown).isNotNull();
		HostnameMismatchException mismatch = find(thrown, HostnameMismatchException.class);
		assertThat(mismatch).as("a HostnameMismatchException in %s", chain(thrown)).isNotNull();
		assertThat(mismatch.getMessage()).contains("localhost").contains("www.example.org");
		SslConnectionException classified = find(thrown, SslConnectionException.class);
		assertThat(classified).as("an SslConnectionException in %s", chain(thrown)).isNotNull();
		assertThat(classified.failure()).isEqualTo(TlsFailure.HOSTNAME_MISMATCH);
		assertThat(classified.getMessage()).contains("www.example.org");
	}

	static <T extends Throwable> T find(Throwable thrown, Class<T> type) {
		for (Throwable t = thrown; t != null; t = t.getCause()) {
			if (type.isInstance(t)) {
				return type.cast(t);
			}
		}
		return null;
	}

	private static String chain(Throwable thrown) {
		StringBuilder text = new StringBuilder();
		for (Throwable t = thrown; t != null; t = t.getCause()) {
			text.append("\n  ").append(t);
		}
		return text.toString();
	}

}
