package io.github.sslstarter.actuate;

import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.sslstarter.autoconfigure.SslContextsAutoConfiguration;
import io.github.sslstarter.material.Identity;
import io.github.sslstarter.testing.TestTlsServer;

import static org.assertj.core.api.Assertions.assertThat;

class TlsEndpointTest {

	private static final Identity IDENTITY = TlsPeerFixtures.localhost();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslContextsAutoConfiguration.class, TlsPeerHealthAutoConfiguration.class,
				TlsEndpointAutoConfiguration.class))
		.withBean("testCa", X509Certificate.class, TlsPeerFixtures.CA::certificate)
		.withBean("serverKey", java.security.PrivateKey.class, IDENTITY::privateKey)
		.withBean("serverChain", X509Certificate.class, () -> IDENTITY.chain().get(0))
		.withPropertyValues("management.endpoints.web.exposure.include=tls", "ssl.trust.ca-file=bean:testCa",
				"ssl.trust.system-defaults=false", "ssl.identity.certificate=bean:serverChain",
				"ssl.identity.private-key=bean:serverKey", "ssl.contexts.mail.verify.scheme=smtp",
				"ssl.contexts.mail.protocols=TLSv1.2", "ssl.contexts.mail.ciphers=ECDHE+AESGCM");

	@Test
	void listsEveryContextResolved() {
		this.runner.run((context) -> {
			TlsEndpoint.TlsReport report = context.getBean(TlsEndpoint.class).report();
			assertThat(report.contexts()).containsOnlyKeys("primary", "mail");
			Map<String, Object> mail = report.contexts().get("mail");
			assertThat(mail.get("protocols")).isEqualTo(List.of("TLSv1.2"));
			assertThat((List<String>) mail.get("cipherSuites")).isNotEmpty()
				.allMatch((suite) -> suite.startsWith("TLS_ECDHE_") && suite.contains("_GCM_"));
			assertThat(mail).containsEntry("verifyScheme", "smtp").containsEntry("verifyMode", "peer");
			assertThat((String) mail.get("provider")).startsWith("SunJSSE");
			Map<String, Object> trust = (Map<String, Object>) mail.get("trust");
			assertThat(trust).containsEntry("anchors", 1).containsEntry("systemDefaults", false);
			assertThat((List<String>) trust.get("configuredAnchors")).singleElement()
				.asString()
				.contains("CN=Peer Health CA");
			assertThat((Map<String, Object>) mail.get("sessionCache")).containsKeys("client", "server");
		});
	}

	@Test
	void showsTheIdentityChainWithItsExpiry() {
		this.runner.run((context) -> {
			Map<String, Object> primary = context.getBean(TlsEndpoint.class).context("primary");
			List<Map<String, Object>> identity = (List<Map<String, Object>>) primary.get("identity");
			assertThat(identity).hasSize(1);
			assertThat(identity.get(0)).containsEntry("subject", "CN=localhost").containsKeys("notAfter", "daysLeft");
		});
	}

	@Test
	void neverShowsAPrivateKey() {
		this.runner.run((context) -> {
			// everything the endpoint returns is strings, numbers, lists and maps: their text is what JSON shows
			String json = String.valueOf(context.getBean(TlsEndpoint.class).report());
			String key = Base64.getEncoder().encodeToString(IDENTITY.privateKey().getEncoded());
			assertThat(json).contains("CN=localhost")
				.doesNotContain(key)
				.doesNotContain(key.substring(key.length() / 2, key.length() / 2 + 16))
				.doesNotContainIgnoringCase("private");
		});
	}

	@Test
	void unknownContextIsNotFound() {
		this.runner.run((context) -> assertThat(context.getBean(TlsEndpoint.class).context("nope")).isNull());
	}

	@Test
	void showsTheLastResultOfEveryPeer() throws Exception {
		try (TestTlsServer good = TestTlsServer.start(TlsPeerFixtures.goodServer())) {
			this.runner
				.withPropertyValues("ssl.health.peers[0].name=good", "ssl.health.peers[0].host=localhost",
						"ssl.health.peers[0].port=" + good.port(), "ssl.health.peers[1].name=closed",
						"ssl.health.peers[1].host=127.0.0.1", "ssl.health.peers[1].port=1")
				.run((context) -> {
					context.getBean(TlsPeerChecks.class).checkAll().get();
					Map<String, Map<String, Object>> peers = context.getBean(TlsEndpoint.class).report().peers();
					assertThat(peers.get("good")).containsEntry("status", "UP").containsKeys("protocol", "chain");
					assertThat(peers.get("closed")).containsEntry("status", "DOWN")
						.containsEntry("failure", "connect-failed");
				});
		}
	}

	@Test
	void showsEachContextsPinsAndOcspModeAndThePeersSpkiPins() throws Exception {
		String pin = io.github.sslstarter.verify.Pins.spki(TlsPeerFixtures.CA.certificate());
		try (TestTlsServer good = TestTlsServer.start(TlsPeerFixtures.goodServer())) {
			this.runner
				.withPropertyValues("ssl.contexts.mail.trust.pins[0]=" + pin, "ssl.contexts.mail.trust.ocsp.mode=full-chain",
						"ssl.health.peers[0].name=good", "ssl.health.peers[0].host=localhost",
						"ssl.health.peers[0].port=" + good.port())
				.run((context) -> {
					context.getBean(TlsPeerChecks.class).checkAll().get();
					TlsEndpoint.TlsReport report = context.getBean(TlsEndpoint.class).report();
					Map<String, Object> mail = (Map<String, Object>) report.contexts().get("mail").get("trust");
					assertThat(mail).containsEntry("pins", List.of(pin)).containsEntry("pinsReplaceChain", false);
					assertThat((Map<String, Object>) mail.get("ocsp")).containsEntry("mode", "full-chain")
						.containsEntry("timeout", "5000ms")
						.containsEntry("unknownAccepted", 0L);
					Map<String, Object> primary = (Map<String, Object>) report.contexts().get("primary").get("trust");
					assertThat(primary).doesNotContainKey("pins");
					assertThat((Map<String, Object>) primary.get("ocsp")).containsEntry("mode", "staple");
					List<Map<String, Object>> chain = (List<Map<String, Object>>) report.peers().get("good").get("chain");
					assertThat(chain).isNotEmpty();
					assertThat(chain.get(0).get("spki")).asString().startsWith("sha256/").hasSize(51);
				});
		}
	}

}
