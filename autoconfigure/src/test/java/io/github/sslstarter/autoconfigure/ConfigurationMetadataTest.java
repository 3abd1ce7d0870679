package io.github.sslstarter.autoconfigure;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated configuration metadata describes every {@code ssl.*} property and hints at
 * the values of the enumerated ones.
 */
class ConfigurationMetadataTest {

	private static DocumentContext metadata() throws Exception {
		try (InputStream in = ConfigurationMetadataTest.class
			.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			return JsonPath.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
		}
	}

	@Test
	void everyPropertyHasADescription() throws Exception {
		DocumentContext metadata = metadata();
		List<String> names = metadata.read("$.properties[*].name");
		List<String> undescribed = metadata.read("$.properties[?(!@.description)].name");
		List<String> descriptions = metadata.read("$.properties[*].description");
		assertThat(names).contains("ssl.protocols", "ssl.verify.scheme", "ssl.identity.private-key-password",
				"ssl.trust.ca-path", "ssl.contexts", "ssl.timeouts.handshake");
		assertThat(undescribed).isEmpty();
		assertThat(descriptions).hasSameSizeAs(names).allSatisfy((d) -> assertThat(d).matches("^[A-Z].*"));
	}

	@Test
	void defaultsAndHintsArePublished() throws Exception {
		DocumentContext metadata = metadata();
		List<Object> handshake = metadata.read("$.properties[?(@.name == 'ssl.timeouts.handshake')].defaultValue");
		List<String> schemes = metadata.read("$.hints[?(@.name == 'ssl.verify.scheme')].values[*].value");
		assertThat(handshake).containsExactly("10s");
		assertThat(schemes).contains("default", "ldap", "smtp", "sip", "none", "custom");
	}

}
