package io.github.sslstarter.autoconfigure;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import io.github.sslstarter.starttls.StartTls;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated configuration metadata's hints for what users type most: the health peers'
 * fields, the contexts a property names, resource locations and bean references; and the
 * defaults the README states.
 */
class ConfigurationHintsTest {

	private static DocumentContext metadata() throws Exception {
		try (InputStream in = ConfigurationHintsTest.class
			.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			return JsonPath.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
		}
	}

	private static List<Object> values(DocumentContext metadata, String hint) {
		return metadata.read("$.hints[?(@.name == '" + hint + "')].values[*].value");
	}

	private static List<Map<String, Object>> providers(DocumentContext metadata, String hint) {
		return metadata.read("$.hints[?(@.name == '" + hint + "')].providers[*]");
	}

	private static List<Object> defaultValue(DocumentContext metadata, String property) {
		return metadata.read("$.properties[?(@.name == '" + property + "')].defaultValue");
	}

	@Test
	void healthPeersHintEveryStartTlsProtocolAndNone() throws Exception {
		List<Object> protocols = values(metadata(), "ssl.health.peers[0].start-tls");
		assertThat(protocols).contains("none");
		for (StartTls protocol : StartTls.values()) {
			assertThat(protocols).contains(protocol.name().toLowerCase(java.util.Locale.ROOT));
		}
	}

	@Test
	void healthPeersHintTheSameSchemesAsVerifyScheme() throws Exception {
		DocumentContext metadata = metadata();
		assertThat(values(metadata, "ssl.health.peers[0].scheme"))
			.containsExactlyElementsOf(values(metadata, "ssl.verify.scheme"))
			.contains("ldap", "smtp", "strict");
	}

	@Test
	void contextNamesHintThePrimaryAndAcceptAnyName() throws Exception {
		DocumentContext metadata = metadata();
		for (String property : List.of("ssl.health.peers[0].context", "ssl.ldap.context", "ssl.http-clients.context")) {
			assertThat(values(metadata, property)).containsExactly("primary");
			assertThat(providers(metadata, property)).extracting((provider) -> provider.get("name"))
				.containsExactly("any");
		}
	}

	@Test
	void locationsAreResourcesAndCallbacksAreBeans() throws Exception {
		DocumentContext metadata = metadata();
		for (String property : List.of("ssl.identity.certificate", "ssl.identity.private-key",
				"ssl.identity.keystore.location", "ssl.trust.ca-file", "ssl.trust.ca-path", "ssl.trust.crl-file",
				"ssl.dh-file")) {
			assertThat(providers(metadata, property)).as(property)
				.singleElement()
				.satisfies((provider) -> assertThat(provider).containsEntry("name", "handle-as")
					.containsEntry("parameters", Map.of("target", "org.springframework.core.io.Resource")));
		}
		assertThat(providers(metadata, "ssl.verify.hostname-callback")).singleElement()
			.satisfies((provider) -> assertThat(provider).containsEntry("name", "spring-bean-reference")
				.containsEntry("parameters", Map.of("target", "io.github.sslstarter.verify.HostnameCallback")));
		assertThat(providers(metadata, "ssl.verify.chain-callback")).singleElement()
			.satisfies((provider) -> assertThat(provider).containsEntry("parameters",
					Map.of("target", "io.github.sslstarter.verify.ChainCallback")));
	}

	@Test
	void theTlsHealthSwitchIsDescribedWithItsDefault() throws Exception {
		DocumentContext metadata = metadata();
		assertThat(defaultValue(metadata, "management.health.tls.enabled")).containsExactly(true);
		List<String> description = metadata
			.read("$.properties[?(@.name == 'management.health.tls.enabled')].description");
		assertThat(description).singleElement().asString().contains("ssl.health.peers");
	}

	@Test
	void defaultsMatchTheReadme() throws Exception {
		DocumentContext metadata = metadata();
		assertThat(defaultValue(metadata, "ssl.timeouts.connect")).containsExactly("10s");
		assertThat(defaultValue(metadata, "ssl.timeouts.handshake")).containsExactly("10s");
		// the README: "0 means no timeout", and none is the default
		assertThat(defaultValue(metadata, "ssl.timeouts.read")).containsExactly("0s");
		assertThat(defaultValue(metadata, "ssl.ldap.start-tls")).containsExactly(false);
		assertThat(defaultValue(metadata, "ssl.health.timeout")).containsExactly("10s");
		assertThat(defaultValue(metadata, "ssl.health.cache-ttl")).containsExactly("30s");
	}

}
