package io.github.sslstarter.autoconfigure;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.sslstarter.core.HandshakeEvent;
import io.github.sslstarter.core.HandshakeListener;
import io.github.sslstarter.core.SslConnectionException;
import io.github.sslstarter.core.SslContextFactory;
import io.github.sslstarter.core.TlsFailure;
import io.github.sslstarter.core.VerifyingTrustManager;
import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.test.TestSslContexts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A published Spring Boot bundle applies its context's whole rules: the same trust manager (scheme,
 * {@code verify.name}, system anchors), the same identity, the context's own {@code SSLContext}
 * and its handshake reports. Exercised through the JDK {@code HttpClient}, the client Boot's
 * {@code spring.http.clients} routes build from a bundle's {@code createSslContext()}.
 */
class PublishedBundleTest {

	private static final TestCertificate ca = TestCertificate.authority("Bundle CA");

	private static final TestCertificate otherName = TestCertificate.builder()
		.dnsNames("service.internal")
		.signedBy(ca)
		.build();

	private static final TestCertificate client = TestCertificate.builder().commonName("bundle client").signedBy(ca).build();

	@TempDir
	Path directory;

	private final List<HandshakeEvent> events = new CopyOnWriteArrayList<>();

	private ApplicationContextRunner runner() {
		TestCertificate.PemFiles caFile = ca.writeTo(this.directory, "ca");
		TestCertificate.PemFiles clientFiles = client.writeTo(this.directory, "client");
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslContextsAutoConfiguration.class,
					org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration.class))
			.withBean(HandshakeListener.class, () -> this.events::add)
			.withPropertyValues("ssl.contexts.named.trust.ca-file=" + caFile.chain(),
					"ssl.contexts.named.trust.system-defaults=false",
					"ssl.contexts.named.verify.name=service.internal",
					"ssl.contexts.strict.trust.ca-file=" + caFile.chain(),
					"ssl.contexts.strict.trust.system-defaults=false",
					"ssl.contexts.mutual.trust.ca-file=" + caFile.chain(),
					"ssl.contexts.mutual.trust.system-defaults=false",
					"ssl.contexts.mutual.verify.name=service.internal",
					"ssl.contexts.mutual.identity.certificate=" + clientFiles.chain(),
					"ssl.contexts.mutual.identity.private-key=" + clientFiles.privateKey());
	}

	private static HttpsServer server(SSLContext context, boolean needClientAuth) throws Exception {
		HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 10);
		server.setHttpsConfigurator(new HttpsConfigurator(context) {
			@Override
			public void configure(HttpsParameters parameters) {
				SSLParameters ssl = context.getDefaultSSLParameters();
				ssl.setNeedClientAuth(needClientAuth);
				parameters.setSSLParameters(ssl);
			}
		});
		server.createContext("/", (exchange) -> {
			byte[] body = "from the server".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		server.start();
		return server;
	}

	private static String get(SslBundle bundle, int port) throws Exception {
		HttpClient http = HttpClient.newBuilder()
			.sslContext(bundle.createSslContext())
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		HttpResponse<String> response = http.send(
				HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/")).timeout(Duration.ofSeconds(10)).build(),
				HttpResponse.BodyHandlers.ofString());
		return response.body();
	}

	@Test
	void theBundleVerifiesByTheContextsVerifyNameWhereTheJdkClientWouldCheckTheUrlsHost() throws Exception {
		HttpsServer server = server(TestSslContexts.server(otherName), false);
		try {
			runner().run((context) -> {
				SslBundles bundles = context.getBean(SslBundles.class);
				int port = server.getAddress().getPort();
				// the certificate names service.internal, the URL localhost: verify.name decides
				assertThat(get(bundles.getBundle("named"), port)).isEqualTo("from the server");
				assertThatException().isThrownBy(() -> get(bundles.getBundle("strict"), port))
					.satisfies((ex) -> assertThat(classified(ex)).isNotNull()
						.satisfies((failure) -> assertThat(failure.failure()).isEqualTo(TlsFailure.HOSTNAME_MISMATCH)));
			});
		}
		finally {
			server.stop(0);
		}
	}

	@Test
	void handshakesThroughTheBundleAreReportedUnderTheContextsName() throws Exception {
		HttpsServer server = server(TestSslContexts.server(otherName), false);
		try {
			runner().run((context) -> {
				SslBundles bundles = context.getBean(SslBundles.class);
				get(bundles.getBundle("named"), server.getAddress().getPort());
				assertThat(this.events).filteredOn((event) -> event.context().equals("named"))
					.singleElement()
					.satisfies((event) -> {
						assertThat(event.client()).isTrue();
						assertThat(event.failure()).isNull();
						assertThat(event.protocol()).isEqualTo("TLSv1.3");
						assertThat(event.host()).isEqualTo("localhost");
					});
			});
		}
		finally {
			server.stop(0);
		}
	}

	@Test
	void theBundlePresentsTheContextsIdentityForMutualTls() throws Exception {
		HttpsServer server = server(TestSslContexts.mutual(otherName, ca.certificate()), true);
		try {
			runner().run((context) -> {
				SslBundles bundles = context.getBean(SslBundles.class);
				assertThat(get(bundles.getBundle("mutual"), server.getAddress().getPort()))
					.isEqualTo("from the server");
			});
		}
		finally {
			server.stop(0);
		}
	}

	@Test
	void theBundlesManagersAndContextAreTheContextsOwn() {
		runner().run((context) -> {
			SslContexts contexts = context.getBean(SslContexts.class);
			SslBundles bundles = context.getBean(SslBundles.class);
			for (String name : List.of("primary", "named", "mutual")) {
				SslContextFactory factory = contexts.contextFactory(name);
				SslBundle bundle = bundles.getBundle(name);
				TrustManager[] trustManagers = bundle.getManagers().getTrustManagerFactory().getTrustManagers();
				assertThat(trustManagers).singleElement().isSameAs(factory.trustManager())
					.isInstanceOf(VerifyingTrustManager.class);
				assertThat(bundle.getManagers().getKeyManagers()).singleElement().isSameAs(factory.keyManager());
				assertThat(bundle.createSslContext()).isSameAs(factory.sslContext());
				assertThat(bundle.getOptions().getEnabledProtocols())
					.containsExactlyInAnyOrderElementsOf(factory.protocols());
			}
			// the primary context trusts the JDK's anchors: so does its bundle's trust store
			KeyStore primaryTrust = bundles.getBundle("primary").getStores().getTrustStore();
			assertThat(primaryTrust.size()).isEqualTo(contexts.primary().trustAnchorCount()).isGreaterThan(50);
			assertThat(bundles.getBundle("named").getStores().getTrustStore().size()).isEqualTo(1);
		});
	}

	@Test
	void theBundlesSocketsFollowTheJdkContractAndAreVerified() throws Exception {
		HttpsServer server = server(TestSslContexts.server(otherName), false);
		try {
			runner().run((context) -> {
				SslBundle bundle = context.getBean(SslBundles.class).getBundle("strict");
				try (SSLSocket socket = (SSLSocket) bundle.createSslContext()
					.getSocketFactory()
					.createSocket("localhost", server.getAddress().getPort())) {
					assertThatException().isThrownBy(socket::startHandshake)
						.isInstanceOf(SslConnectionException.class)
						.satisfies((ex) -> assertThat(((SslConnectionException) ex).failure())
							.isEqualTo(TlsFailure.HOSTNAME_MISMATCH));
				}
			});
		}
		finally {
			server.stop(0);
		}
	}

	private static SslConnectionException classified(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SslConnectionException classified) {
				return classified;
			}
		}
		return null;
	}

}
