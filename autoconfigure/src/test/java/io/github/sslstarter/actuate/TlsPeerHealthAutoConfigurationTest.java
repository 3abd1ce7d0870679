package io.github.sslstarter.actuate;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.sslstarter.autoconfigure.NoSuchSslContextException;
import io.github.sslstarter.autoconfigure.SslContextsAutoConfiguration;
import io.github.sslstarter.core.SslConfigurationException;
import io.github.sslstarter.testing.TestTlsServer;

import static org.assertj.core.api.Assertions.assertThat;

class TlsPeerHealthAutoConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslContextsAutoConfiguration.class, TlsPeerHealthAutoConfiguration.class,
				TlsEndpointAutoConfiguration.class))
		.withBean("testCa", X509Certificate.class, TlsPeerFixtures.CA::certificate)
		.withPropertyValues("ssl.trust.ca-file=bean:testCa", "ssl.trust.system-defaults=false");

	@Test
	void noPeersMeansNoComponentsAndNoThreads() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(TlsPeerChecks.class).hasSingleBean(TlsPeerHealthContributor.class);
			assertThat(context.getBean(TlsPeerChecks.class).peers()).isEmpty();
			assertThat(context.getBean(TlsPeerHealthContributor.class).stream()).isEmpty();
		});
	}

	@Test
	void everyPeerIsAComponentOfTheTlsContributorAndIsCheckedAtStartup() throws Exception {
		try (TestTlsServer good = TestTlsServer.start(TlsPeerFixtures.goodServer())) {
			this.runner
				.withPropertyValues("ssl.health.peers[0].name=good", "ssl.health.peers[0].host=localhost",
						"ssl.health.peers[0].port=" + good.port(), "ssl.health.peers[1].host=127.0.0.1",
						"ssl.health.peers[1].port=" + good.port(), "ssl.health.peers[1].verify-name=other.example")
				.run((context) -> {
					TlsPeerHealthContributor contributor = context.getBean("tlsHealthContributor",
							TlsPeerHealthContributor.class);
					assertThat(contributor.stream().map(HealthContributors.Entry::name))
						.containsExactly("good", "127.0.0.1:" + good.port());
					TlsPeerChecks checks = context.getBean(TlsPeerChecks.class);
					TlsPeerChecksTest.await(checks, "good", Duration.ofSeconds(5));
					TlsPeerChecksTest.await(checks, "127.0.0.1:" + good.port(), Duration.ofSeconds(5));
					assertThat(health(contributor, "good").getStatus()).isEqualTo(Status.UP);
					Health renamed = health(contributor, "127.0.0.1:" + good.port());
					assertThat(renamed.getStatus()).isEqualTo(Status.DOWN);
					assertThat(renamed.getDetails()).containsEntry("failure", "hostname-mismatch");
				});
		}
	}

	@Test
	void aPeerSchemeOverridesTheContextsScheme() throws Exception {
		// the certificate is for other.example: the context's scheme refuses it, scheme none does not look
		try (TestTlsServer other = TestTlsServer.start(TlsPeerFixtures.wrongNameServer())) {
			this.runner
				.withPropertyValues("ssl.health.peers[0].name=unchecked", "ssl.health.peers[0].host=localhost",
						"ssl.health.peers[0].port=" + other.port(), "ssl.health.peers[0].scheme=none",
						"ssl.health.peers[1].name=checked", "ssl.health.peers[1].host=localhost",
						"ssl.health.peers[1].port=" + other.port())
				.run((context) -> {
					Map<String, TlsPeerResult> results = context.getBean(TlsPeerChecks.class).checkAll().get();
					assertThat(results.get("unchecked").succeeded()).as(results.toString()).isTrue();
					assertThat(results.get("unchecked").verification()).contains("host name not checked");
					assertThat(results.get("checked").failure()).isEqualTo("hostname-mismatch");
				});
		}
	}

	@Test
	void peersConnectThroughTheirNamedContext() throws Exception {
		try (TestTlsServer good = TestTlsServer.start(TlsPeerFixtures.goodServer())) {
			this.runner
				.withPropertyValues("ssl.contexts.legacy.protocols=TLSv1.2", "ssl.health.peers[0].name=legacy",
						"ssl.health.peers[0].host=localhost", "ssl.health.peers[0].port=" + good.port(),
						"ssl.health.peers[0].context=legacy")
				.run((context) -> {
					TlsPeerResult result = context.getBean(TlsPeerChecks.class).checkAll().get().get("legacy");
					assertThat(result.protocol()).isEqualTo("TLSv1.2");
					assertThat(result.details(java.time.Instant.now())).containsEntry("context", "legacy");
				});
		}
	}

	@Test
	void unknownContextFailsTheStartupNamingTheProperty() {
		this.runner
			.withPropertyValues("ssl.health.peers[0].host=localhost", "ssl.health.peers[0].port=443",
					"ssl.health.peers[0].context=mail")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(NoSuchSslContextException.class)
					.hasMessageContaining("'mail'")
					.hasMessageContaining("ssl.health.peers[0].context");
			});
	}

	@Test
	void unknownStartTlsProtocolFailsTheStartup() {
		this.runner
			.withPropertyValues("ssl.health.peers[0].host=localhost", "ssl.health.peers[0].port=25",
					"ssl.health.peers[0].start-tls=smtps")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(cause(context.getStartupFailure(), SslConfigurationException.class))
					.hasMessageContaining("ssl.health.peers[0].start-tls")
					.hasMessageContaining("known: smtp");
			});
	}

	@Test
	void peerWithoutPortFailsTheStartup() {
		this.runner.withPropertyValues("ssl.health.peers[0].host=localhost").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(SslConfigurationException.class)
				.hasMessageContaining("ssl.health.peers[0].port");
		});
	}

	@Test
	void duplicatePeerNamesFailTheStartup() {
		this.runner
			.withPropertyValues("ssl.health.peers[0].host=a.example", "ssl.health.peers[0].port=443",
					"ssl.health.peers[0].name=x", "ssl.health.peers[1].host=b.example",
					"ssl.health.peers[1].port=443", "ssl.health.peers[1].name=x")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void healthContributorIsDisabledLikeBootsOwn() {
		this.runner.withPropertyValues("management.health.tls.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(TlsPeerHealthContributor.class);
			assertThat(context).hasSingleBean(TlsPeerChecks.class);
		});
	}

	@Test
	void healthContributorFollowsTheDefaultsSwitch() {
		this.runner.withPropertyValues("management.health.defaults.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TlsPeerHealthContributor.class));
	}

	@Test
	void peerMetricsAreBoundWhenMicrometerIsPresent() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(TlsPeerMetrics.class));
	}

	@Test
	void endpointExistsOnlyWhenExposed() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(TlsEndpoint.class));
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=health,tls")
			.run((context) -> assertThat(context).hasSingleBean(TlsEndpoint.class));
	}

	@Test
	void backsOffWithoutTlsContexts() {
		this.runner.withPropertyValues("ssl.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(TlsPeerChecks.class).doesNotHaveBean(TlsPeerHealthContributor.class);
		});
	}

	private static Health health(TlsPeerHealthContributor contributor, String name) {
		return ((HealthIndicator) contributor.getContributor(name)).health();
	}

	private static Throwable cause(Throwable failure, Class<? extends Throwable> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return cause;
			}
		}
		throw new AssertionError("no " + type.getSimpleName() + " in " + failure);
	}

}
