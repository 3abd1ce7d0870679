package io.github.sslstarter.autoconfigure;

import java.io.InputStream;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.json.JsonParserFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated configuration metadata describes every {@code ssl.*} property and hints at
 * the values of the enumerated ones.
 */
class ConfigurationMetadataTest {

	@SuppressWarnings("unchecked")
	private static Map<String, Object> metadata() throws Exception {
		try (InputStream in = ConfigurationMetadataTest.class
			.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			return JsonParserFactory.getJsonParser()
				.parseMap(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void everyPropertyHasADescription() throws Exception {
		List<Map<String, Object>> properties = (List<Map<String, Object>>) metadata().get("properties");
		assertThat(properties).extracting((p) -> p.get("name")).contains("ssl.protocols", "ssl.verify.scheme",
				"ssl.identity.private-key-password", "ssl.trust.ca-path", "ssl.contexts", "ssl.timeouts.handshake");
		assertThat(properties).allSatisfy((property) -> assertThat((String) property.get("description"))
			.as("description of %s", property.get("name"))
			.isNotBlank()
			.matches("^[A-Z].*"));
	}

	@Test
	@SuppressWarnings("unchecked")
	void defaultsAndHintsArePublished() throws Exception {
		Map<String, Object> metadata = metadata();
		List<Map<String, Object>> properties = (List<Map<String, Object>>) metadata.get("properties");
		assertThat(properties).filteredOn((p) -> "ssl.timeouts.handshake".equals(p.get("name")))
			.singleElement()
			.satisfies((p) -> assertThat(p.get("defaultValue")).isEqualTo("10s"));
		List<Map<String, Object>> hints = (List<Map<String, Object>>) metadata.get("hints");
		assertThat(hints).filteredOn((h) -> "ssl.verify.scheme".equals(h.get("name")))
			.singleElement()
			.satisfies((h) -> assertThat((List<Map<String, Object>>) h.get("values")).extracting((v) -> v.get("value"))
				.contains("default", "ldap", "smtp", "sip", "none", "custom"));
	}

}
