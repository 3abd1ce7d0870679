package io.github.sslstarter.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample as its README shows it: started with no configuration, then asked over real HTTP.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleApplicationTest {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	private int port;

	@Test
	void healthShowsEveryDemoPeerWithItsReason() throws Exception {
		JsonNode peers = awaitPeers();
		assertThat(peers.path("echo").path("status").asString()).isEqualTo("UP");
		assertThat(peers.path("echo").path("details").path("verification").asString())
			.contains("host name 'localhost' verified");
		JsonNode expiring = peers.path("expiring-soon");
		assertThat(expiring.path("status").asString()).isEqualTo("UP");
		assertThat(expiring.path("details").path("daysLeft").asInt()).isBetween(4, 5);
		assertThat(expiring.path("details").path("warning").asString()).contains("CN=expiring.localhost",
				"within the warning threshold of 14 days");
		JsonNode wrongHost = peers.path("wrong-host");
		assertThat(wrongHost.path("status").asString()).isEqualTo("DOWN");
		assertThat(wrongHost.path("details").path("failure").asString()).isEqualTo("hostname-mismatch");
		assertThat(wrongHost.path("details").path("message").asString()).contains("wrong.example", "Action:");
		JsonNode mail = peers.path("mail");
		assertThat(mail.path("status").asString()).isEqualTo("UP");
		assertThat(mail.path("details").path("startTls").asString()).isEqualTo("smtp");
		assertThat(mail.path("details").path("verification").asString()).contains("scheme 'smtp'");
		assertThat(peers.path("mutual-tls").path("status").asString()).isEqualTo("UP");
	}

	@Test
	void healthAsAWholeIsDownBecauseOfTheWrongHostPeer() throws Exception {
		awaitPeers();
		HttpResponse<String> response = get("/actuator/health");
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(JsonMapper.builder().build().readTree(response.body()).path("status").asString())
			.isEqualTo("DOWN");
	}

	@Test
	void tlsEndpointListsContextsAndPeersWithoutSecrets() throws Exception {
		awaitPeers();
		HttpResponse<String> response = get("/actuator/tls");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode report = JsonMapper.builder().build().readTree(response.body());
		JsonNode contexts = report.path("contexts");
		assertThat(contexts.propertyNames()).contains("primary", "mail", "directory", "mtls-client", "mtls-server");
		assertThat(contexts.path("mail").path("verifyScheme").asString()).isEqualTo("smtp");
		assertThat(contexts.path("directory").path("verifyScheme").asString()).isEqualTo("ldap");
		assertThat(contexts.path("directory").path("protocols").toString()).isEqualTo("[\"TLSv1.3\"]");
		assertThat(contexts.path("mtls-server").path("clientAuth").asString()).isEqualTo("need");
		assertThat(contexts.path("mtls-client").path("identity").get(0).path("subject").asString())
			.isEqualTo("CN=sample-client");
		assertThat(contexts.path("primary").path("trust").path("anchors").asInt()).isEqualTo(1);
		assertThat(contexts.path("primary").path("cipherSuites").toString()).contains("TLS_ECDHE_ECDSA_WITH_AES_");
		assertThat(report.path("peers").path("wrong-host").path("failure").asString()).isEqualTo("hostname-mismatch");
		assertThat(response.body()).doesNotContainIgnoringCase("private").doesNotContain("BEGIN");
	}

	@Test
	void oneContextCanBeAskedForByName() throws Exception {
		HttpResponse<String> mail = get("/actuator/tls/mail");
		assertThat(mail.statusCode()).isEqualTo(200);
		assertThat(mail.body()).contains("\"verifyScheme\":\"smtp\"");
		assertThat(get("/actuator/tls/nope").statusCode()).isEqualTo(404);
	}

	@Test
	void healthIsAnsweredFromTheCache() throws Exception {
		awaitPeers();
		long start = System.nanoTime();
		int calls = 20;
		for (int i = 0; i < calls; i++) {
			get("/actuator/health");
		}
		Duration perCall = Duration.ofNanos((System.nanoTime() - start) / calls);
		System.out.println("/actuator/health over HTTP from the cache: " + perCall.toNanos() / 1000 + " us per call");
		// five peers, each a TLS handshake of hundreds of ms when cold: answering from the cache is far below
		// peers time out after 5 s: an answer well under that comes from the cache
		assertThat(perCall).isLessThan(Duration.ofMillis(1000));
	}

	private JsonNode awaitPeers() throws Exception {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
		JsonNode peers = null;
		while (Instant.now().isBefore(deadline)) {
			JsonNode health = JsonMapper.builder().build().readTree(get("/actuator/health").body());
			peers = health.path("components").path("tls").path("components");
			boolean pending = false;
			for (Map.Entry<String, JsonNode> peer : peers.properties()) {
				pending |= "UNKNOWN".equals(peer.getValue().path("status").asString());
			}
			if (peers.size() == 5 && !pending) {
				return peers;
			}
			Thread.sleep(100);
		}
		throw new AssertionError("peers not checked in time: " + peers);
	}

	private HttpResponse<String> get(String path) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
