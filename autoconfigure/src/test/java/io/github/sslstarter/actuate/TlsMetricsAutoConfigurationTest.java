package io.github.sslstarter.actuate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLSocket;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.sslstarter.autoconfigure.SslContextsAutoConfiguration;
import io.github.sslstarter.core.SslConnectionException;
import io.github.sslstarter.core.SslContextFactory;
import io.github.sslstarter.core.SslSettings;
import io.github.sslstarter.core.SslSocketFactory;
import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.testing.TestTlsServer;

import static io.github.sslstarter.testing.Identities.identity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TlsMetricsAutoConfigurationTest {

	private static final TestCertificate ca = TestCertificate.authority("Metrics CA");

	private static final TestCertificate otherCa = TestCertificate.authority("Metrics Unknown CA");

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslContextsAutoConfiguration.class, TlsMetricsAutoConfiguration.class))
		.withBean("testCa", X509Certificate.class, ca::certificate)
		.withPropertyValues("ssl.trust.ca-file=bean:testCa", "ssl.trust.system-defaults=false",
				"ssl.contexts.legacy.protocols=TLSv1.2");

	private static TestTlsServer server(TestCertificate issuer) throws IOException {
		return TestTlsServer.start(new SslContextFactory(SslSettings.builder()
			.name("server")
			.identity(identity(TestCertificate.builder().localhost().signedBy(issuer).build()))
			.build()));
	}

	private static void exchange(SslSocketFactory factory, int port) throws IOException {
		try (SSLSocket socket = factory.connect("localhost", port)) {
			socket.getOutputStream().write("x\n".getBytes(StandardCharsets.UTF_8));
			new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
		}
	}

	@Test
	void backsOffWithoutAMeterRegistry() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(TlsMetrics.class)
			.doesNotHaveBean(TlsSessionMetrics.class));
	}

	@Test
	void backsOffWithoutMicrometer() {
		this.runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).doesNotHaveBean(TlsMetrics.class));
	}

	@Test
	void timesHandshakesWithLowCardinalityTags() throws Exception {
		this.runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
			SslSocketFactory factory = context.getBean(SslSocketFactory.class);
			try (TestTlsServer server = server(ca)) {
				exchange(factory, server.port());
				exchange(factory, server.port());
			}
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			Timer full = registry.get("tls.handshake")
				.tags("context", "primary", "side", "client", "protocol", "TLSv1.3", "outcome", "success", "failure",
						"none", "resumed", "false")
				.timer();
			Timer resumed = registry.get("tls.handshake").tags("context", "primary", "resumed", "true").timer();
			assertThat(full.count()).isEqualTo(1);
			assertThat(resumed.count()).isEqualTo(1);
			assertThat(full.getId().getTag("cipher.suite")).startsWith("TLS_");
			assertThat(full.getId().getTag("peer.host")).isNull();
			assertThat(full.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
		});
	}

	@Test
	void timesFailedHandshakesByFailureClass() {
		this.runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
			SslSocketFactory factory = context.getBean(SslSocketFactory.class);
			try (TestTlsServer server = server(otherCa)) {
				assertThatExceptionOfType(SslConnectionException.class)
					.isThrownBy(() -> factory.connect("localhost", server.port()));
			}
			Timer failed = context.getBean(MeterRegistry.class)
				.get("tls.handshake")
				.tags("outcome", "failure", "failure", "untrusted-issuer", "protocol", "none", "cipher.suite", "none")
				.timer();
			assertThat(failed.count()).isEqualTo(1);
		});
	}

	@Test
	void tagsPeerHostsWhenAskedTo() {
		this.runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("ssl.metrics.peer-tags=true")
			.run((context) -> {
				try (TestTlsServer server = server(ca)) {
					exchange(context.getBean(SslSocketFactory.class), server.port());
				}
				assertThat(context.getBean(MeterRegistry.class)
					.get("tls.handshake")
					.tags("peer.host", "localhost")
					.timer()
					.count()).isEqualTo(1);
			});
	}

	@Test
	void exposesSessionCacheMetersPerContextAndSide() {
		this.runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
			io.github.sslstarter.autoconfigure.SslContexts contexts = context
				.getBean(io.github.sslstarter.autoconfigure.SslContexts.class);
			SslSocketFactory legacy = contexts.socketFactory("legacy");
			try (TestTlsServer server = server(ca)) {
				for (int i = 0; i < 3; i++) {
					exchange(legacy, server.port());
				}
			}
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("tls.session.cache.gets")
				.tags("context", "legacy", "side", "client", "result", "hit")
				.functionCounter()
				.count()).isEqualTo(2);
			assertThat(registry.get("tls.session.cache.gets")
				.tags("context", "legacy", "side", "client", "result", "miss")
				.functionCounter()
				.count()).isEqualTo(1);
			assertThat(registry.get("tls.session.cache.size").tags("context", "legacy", "side", "client").gauge().value())
				.isEqualTo(1);
			assertThat(registry.get("tls.session.cache.evictions").tags("context", "primary", "side", "server")
				.functionCounter().count()).isZero();
			assertThat(registry.get("tls.session.cache.invalidations").tags("context", "legacy", "side", "client")
				.functionCounter().count()).isZero();
		});
	}

	@Test
	void countsCertificatesOfUnknownOcspStatusAcceptedPerContext() throws Exception {
		TestCertificate nowhere = TestCertificate.builder()
			.localhost()
			.signedBy(ca)
			.ocspResponder("http://127.0.0.1:" + io.github.sslstarter.test.ExternalTool.freePort() + "/")
			.build();
		this.runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("ssl.contexts.revoking.trust.ocsp.mode=full-chain",
					"ssl.contexts.revoking.trust.revocation-unknown=accept",
					"ssl.contexts.revoking.trust.ca-file=bean:testCa", "ssl.contexts.revoking.trust.system-defaults=false")
			.run((context) -> {
				SslSocketFactory revoking = context.getBean(io.github.sslstarter.autoconfigure.SslContexts.class)
					.socketFactory("revoking");
				try (TestTlsServer server = TestTlsServer.start(new SslContextFactory(
						SslSettings.builder().name("server").identity(identity(nowhere)).build()))) {
					exchange(revoking, server.port());
				}
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("tls.ocsp.unknown.accepted").tags("context", "revoking").functionCounter().count())
					.isEqualTo(1);
				assertThat(registry.get("tls.ocsp.unknown.accepted").tags("context", "primary").functionCounter().count())
					.isZero();
			});
	}

}
