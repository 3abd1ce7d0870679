package io.github.sslstarter.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import javax.net.ssl.SSLSocket;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;

import io.github.sslstarter.actuate.TlsEndpoint;
import io.github.sslstarter.actuate.TlsMetricsAutoConfiguration;
import io.github.sslstarter.core.MaterialReloader;
import io.github.sslstarter.core.SslConfigurationException;
import io.github.sslstarter.core.SslContextFactory;
import io.github.sslstarter.core.SslSocketFactory;
import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.testing.LogRecords;
import io.github.sslstarter.testing.TestTlsServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ssl.reload.*} through the whole application: files loaded again by the same loader as
 * at startup, the {@link TlsReloadEvent}, the {@code tls.reload} counter, the published bundle,
 * {@code /actuator/tls}, the WARN a user sees, a Spring Boot bundle's own reloads, and the
 * startup errors of bad reload settings.
 */
class HotReloadTest {

	private static final TestCertificate ca = TestCertificate.authority("Hot Reload CA");

	@RegisterExtension
	final LogRecords log = LogRecords.of(MaterialReloader.class);

	@TempDir
	Path dir;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslContextsAutoConfiguration.class,
				org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration.class, TlsMetricsAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		.withBean(Events.class, Events::new);

	static final class Events implements ApplicationListener<TlsReloadEvent> {

		final List<TlsReloadEvent> received = new CopyOnWriteArrayList<>();

		@Override
		public void onApplicationEvent(TlsReloadEvent event) {
			this.received.add(event);
		}

	}

	private static TestCertificate leaf(String name) {
		return TestCertificate.builder().localhost().commonName(name).signedBy(ca).build();
	}

	private static String peer(SslSocketFactory client, int port) throws Exception {
		return peerFor(client, null, port);
	}

	private static void await(java.util.function.BooleanSupplier condition, Duration limit) throws Exception {
		long end = System.nanoTime() + limit.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > end) {
				throw new AssertionError("not within " + limit);
			}
			Thread.sleep(20);
		}
	}

	@Test
	void aRotatedIdentityIsUsedByTheSameBeansAndReportedEverywhere() throws Exception {
		TestCertificate.PemFiles files = leaf("first").writeTo(this.dir, "server");
		Path caFile = ca.writeCertificate(this.dir.resolve("ca.pem"));
		this.runner
			.withPropertyValues("ssl.reload.enabled=true", "ssl.reload.interval=300ms", "ssl.reload.quiet-period=100ms",
					"ssl.contexts.server.identity.certificate=" + files.chain(),
					"ssl.contexts.server.identity.private-key=" + files.privateKey(),
					"ssl.contexts.client.trust.ca-file=" + caFile, "ssl.contexts.client.trust.system-defaults=false",
					"ssl.contexts.client.reload.enabled=false")
			.run((context) -> {
				SslContexts contexts = context.getBean(SslContexts.class);
				assertThat(contexts.watcher("server").paths()).containsExactly(files.chain(), files.privateKey());
				assertThat(contexts.watcher("client")).as("its own reload.enabled=false over the top level's").isNull();
				SslContextFactory server = contexts.contextFactory("server");
				SslSocketFactory client = contexts.socketFactory("client");
				SslBundles bundles = context.getBean(SslBundles.class);
				List<String> bundleUpdates = new CopyOnWriteArrayList<>();
				bundles.addBundleUpdateHandler("server", (bundle) -> bundleUpdates.add("server"));
				try (TestTlsServer tls = TestTlsServer.start(server)) {
					assertThat(peer(client, tls.port())).isEqualTo("CN=first");
					TestCertificate second = leaf("second");
					Files.writeString(files.privateKey(), second.privateKeyPem(), StandardCharsets.US_ASCII);
					Files.writeString(files.chain(), second.chainPem(), StandardCharsets.US_ASCII);
					await(() -> {
						try {
							return peer(client, tls.port()).equals("CN=second");
						}
						catch (Exception ex) {
							throw new AssertionError(ex);
						}
					}, Duration.ofMillis(300).plusSeconds(1));
					assertThat(context.getBean(SslContextFactory.class)).isSameAs(contexts.primary());
					// the listeners are told after the reload is recorded, on the reload's thread
					List<TlsReloadEvent> events = context.getBean(Events.class).received;
					await(() -> !events.isEmpty(), Duration.ofSeconds(5));
					assertThat(events).singleElement().satisfies((event) -> {
						assertThat(event.reload().context()).isEqualTo("server");
						assertThat(event.reload().succeeded()).isTrue();
					});
					assertThat(context.getBean(MeterRegistry.class).get("tls.reload").tags("context", "server", "outcome",
							"success").counter().count()).isEqualTo(1);
					assertThat(bundleUpdates).containsExactly("server");
					X509Certificate published = (X509Certificate) bundles.getBundle("server").getStores().getKeyStore()
						.getCertificate("identity");
					assertThat(published).isEqualTo(second.certificate());
					Map<String, Object> described = new TlsEndpoint(contexts, null).context("server");
					assertThat(described.get("fingerprint"))
						.isEqualTo(io.github.sslstarter.core.TlsReload.fingerprintOf(server))
						.isEqualTo(openSslStyle(second.certificate()));
					assertThat(described.get("reload").toString()).contains("watching=true", "outcome=success",
							files.chain().toString());
				}
			});
		// closing the application stops the watchers
		assertThat(Thread.getAllStackTraces().keySet()).noneMatch(
				(thread) -> thread.getName().equals("tls-reload-server") && thread.isAlive());
	}

	@Test
	void aRotatedServerIdentityForAHostNameIsServedAfterTheReload() throws Exception {
		TestCertificate.PemFiles defaults = leaf("default").writeTo(this.dir, "default");
		TestCertificate.PemFiles named = TestCertificate.builder()
			.commonName("a first")
			.dnsNames("a.test")
			.signedBy(ca)
			.build()
			.writeTo(this.dir, "a");
		Path caFile = ca.writeCertificate(this.dir.resolve("ca.pem"));
		this.runner
			.withPropertyValues("ssl.contexts.server.reload.enabled=true", "ssl.contexts.server.reload.interval=300ms",
					"ssl.contexts.server.reload.quiet-period=100ms",
					"ssl.contexts.server.identity.certificate=" + defaults.chain(),
					"ssl.contexts.server.identity.private-key=" + defaults.privateKey(),
					"ssl.contexts.server.identities[0].host-names=a.test",
					"ssl.contexts.server.identities[0].certificate=" + named.chain(),
					"ssl.contexts.server.identities[0].private-key=" + named.privateKey(),
					"ssl.contexts.client.trust.ca-file=" + caFile, "ssl.contexts.client.trust.system-defaults=false",
					"ssl.contexts.client.verify.name=a.test")
			.run((context) -> {
				SslContexts contexts = context.getBean(SslContexts.class);
				assertThat(contexts.watcher("server").paths()).contains(named.chain(), named.privateKey());
				SslSocketFactory client = contexts.socketFactory("client");
				try (TestTlsServer tls = TestTlsServer.start(contexts.contextFactory("server"))) {
					assertThat(peerFor(client, "a.test", tls.port())).isEqualTo("CN=a first");
					TestCertificate second = TestCertificate.builder()
						.commonName("a second")
						.dnsNames("a.test")
						.signedBy(ca)
						.build();
					Files.writeString(named.privateKey(), second.privateKeyPem(), StandardCharsets.US_ASCII);
					Files.writeString(named.chain(), second.chainPem(), StandardCharsets.US_ASCII);
					await(() -> {
						try {
							return peerFor(client, "a.test", tls.port()).equals("CN=a second");
						}
						catch (Exception ex) {
							throw new AssertionError(ex);
						}
					}, Duration.ofMillis(300).plusSeconds(1));
				}
			});
	}

	private static String peerFor(SslSocketFactory client, String sni, int port) throws Exception {
		try (SSLSocket socket = client.connect("localhost", port, sni, null)) {
			return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
		}
	}

	@Test
	void materialThatCannotBeUsedShowsOneWarningNamingThePropertyAndTheFileAndCountsOneFailure() throws Exception {
		TestCertificate.PemFiles files = leaf("first").writeTo(this.dir, "server");
		this.runner
			.withPropertyValues("ssl.contexts.server.reload.enabled=true", "ssl.contexts.server.reload.interval=200ms",
					"ssl.contexts.server.reload.quiet-period=50ms",
					"ssl.contexts.server.identity.certificate=" + files.chain(),
					"ssl.contexts.server.identity.private-key=" + files.privateKey(),
					"ssl.contexts.server.identity.private-key-password=not-shown-anywhere")
			.run((context) -> {
				SslContexts contexts = context.getBean(SslContexts.class);
				Files.writeString(files.chain(), "-----BEGIN CERTIFICATE-----\nMIIB", StandardCharsets.US_ASCII);
				await(() -> contexts.contextFactory("server").lastReload() != null, Duration.ofSeconds(3));
				Thread.sleep(1000);
				List<LogRecord> warnings = this.log.records().stream()
					.filter((record) -> record.getLevel() == Level.WARNING).toList();
				assertThat(warnings).singleElement().satisfies((record) -> assertThat(record.getMessage())
					.contains("TLS context 'server' keeps its current material")
					.contains("ssl.contexts.server.identity.certificate")
					.contains(files.chain().toString())
					.doesNotContain("not-shown-anywhere"));
				assertThat(context.getBean(MeterRegistry.class).get("tls.reload").tags("context", "server", "outcome",
						"failure").counter().count()).isEqualTo(1);
				Map<String, Object> described = new TlsEndpoint(contexts, null).context("server");
				assertThat(described.get("reload").toString()).contains("outcome=failure")
					.contains("ssl.contexts.server.identity.certificate")
					.doesNotContain("not-shown-anywhere");
				assertThat(contexts.contextFactory("server").settings().identity().certificate()
					.getSubjectX500Principal().getName()).isEqualTo("CN=first");
			});
	}

	@Test
	void aContextTakingItsIdentityFromABundleFollowsTheBundlesReloads() throws Exception {
		TestCertificate.PemFiles files = leaf("first").writeTo(this.dir, "bundled");
		this.runner
			.withPropertyValues("spring.ssl.bundle.pem.mine.reload-on-update=true",
					"spring.ssl.bundle.pem.mine.keystore.certificate=file:" + files.chain(),
					"spring.ssl.bundle.pem.mine.keystore.private-key=file:" + files.privateKey(),
					"spring.ssl.bundle.watch.file.quiet-period=100ms",
					"ssl.contexts.server.identity.bundle=mine")
			.run((context) -> {
				SslContextFactory server = context.getBean(SslContexts.class).contextFactory("server");
				assertThat(server.settings().identity().certificate().getSubjectX500Principal().getName())
					.isEqualTo("CN=first");
				TestCertificate second = leaf("second");
				Files.writeString(files.privateKey(), second.privateKeyPem(), StandardCharsets.US_ASCII);
				Files.writeString(files.chain(), second.chainPem(), StandardCharsets.US_ASCII);
				await(() -> server.lastReload() != null && server.lastReload().succeeded(), Duration.ofSeconds(15));
				assertThat(server.settings().identity().certificate()).isEqualTo(second.certificate());
				assertThat(server.lastReload().sources()).containsExactly("SSL bundle 'mine'");
				// the listeners are told after the reload is recorded, on the reload's thread
				List<TlsReloadEvent> events = context.getBean(Events.class).received;
				await(() -> !events.isEmpty(), Duration.ofSeconds(5));
			});
	}

	@Test
	void aClientBuiltFromThePublishedBundleBeforeAReloadTrustsTheNewCa() throws Exception {
		TestCertificate otherCa = TestCertificate.authority("Hot Reload CA 2");
		Path caFile = ca.writeCertificate(this.dir.resolve("ca.pem"));
		this.runner
			.withPropertyValues("ssl.contexts.client.trust.ca-file=" + caFile,
					"ssl.contexts.client.trust.system-defaults=false", "ssl.contexts.client.reload.enabled=true",
					"ssl.contexts.client.reload.interval=300ms", "ssl.contexts.client.reload.quiet-period=100ms")
			.run((context) -> {
				SslContexts contexts = context.getBean(SslContexts.class);
				// handed out before the reload, as Boot's clients take it
				javax.net.ssl.SSLSocketFactory fromBundle = context.getBean(SslBundles.class).getBundle("client")
					.createSslContext().getSocketFactory();
				SslContextFactory server = new SslContextFactory(io.github.sslstarter.core.SslSettings.builder()
					.name("server")
					.identity(io.github.sslstarter.testing.Identities
						.identity(TestCertificate.builder().localhost().commonName("other").signedBy(otherCa).build()))
					.build());
				try (TestTlsServer tls = TestTlsServer.start(server)) {
					Files.writeString(caFile, otherCa.certificatePem(), StandardCharsets.US_ASCII);
					await(() -> contexts.contextFactory("client").lastReload() != null, Duration.ofSeconds(10));
					assertThat(contexts.contextFactory("client").lastReload().succeeded()).isTrue();
					try (SSLSocket socket = (SSLSocket) fromBundle.createSocket("localhost", tls.port())) {
						socket.startHandshake();
						assertThat(((X509Certificate) socket.getSession().getPeerCertificates()[0])
							.getSubjectX500Principal().getName()).isEqualTo("CN=other");
					}
				}
			});
	}

	@Test
	void aReloadIntervalThatIsNotPositiveFailsStartupNamingTheProperty() {
		this.runner.withPropertyValues("ssl.contexts.server.reload.interval=0s").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(SslConfigurationException.class)
				.hasMessageContaining("ssl.contexts.server.reload.interval");
		});
		this.runner.withPropertyValues("ssl.reload.quiet-period=-1s").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(SslConfigurationException.class)
				.hasMessageContaining("ssl.reload.quiet-period");
		});
	}

	private static String openSslStyle(X509Certificate certificate) throws Exception {
		byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
		return java.util.HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
	}

}
