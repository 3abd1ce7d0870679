package io.github.sslstarter.spec;

import java.lang.reflect.Method;
import java.util.List;

import javax.net.ssl.SSLParameters;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Named-group names and how they reach JSSE (per connection on Java 20+, JVM-wide before). */
class NamedGroupsTest {

	@Test
	void normalisesOpenSslAndRfcAliases() {
		assertThat(NamedGroups.parse("X25519:prime256v1:P-384:secp521r1:FFDHE2048")).containsExactly("x25519",
				"secp256r1", "secp384r1", "secp521r1", "ffdhe2048");
	}

	@Test
	void dropsDuplicates() {
		assertThat(NamedGroups.parse("P-256, secp256r1 x25519")).containsExactly("secp256r1", "x25519");
	}

	@Test
	void blankMeansNoGroups() {
		assertThat(NamedGroups.parse(" ")).isEmpty();
	}

	@Test
	void refusesUnknownGroupsNamingThem() {
		assertThatExceptionOfType(SpecException.class).isThrownBy(() -> NamedGroups.parse("x25519:brainpoolP256r1"))
			.withMessageContaining("'brainpoolP256r1'");
	}

	@Test
	void systemPropertyFallbackIsCommaSeparated() {
		assertThat(NamedGroups.systemProperty(List.of("x25519", "secp256r1")))
			.isEqualTo("-Djdk.tls.namedGroups=x25519,secp256r1");
	}

	@Test
	void appliesToParametersWhereTheJvmAllowsOtherwiseExplainsTheFallback() throws Exception {
		SSLParameters parameters = new SSLParameters();
		NamedGroups.Outcome outcome = NamedGroups.apply(parameters, List.of("x25519", "secp256r1"));
		if (Runtime.version().feature() >= 20) {
			assertThat(outcome.applied()).isTrue();
			Method getter = SSLParameters.class.getMethod("getNamedGroups");
			assertThat((String[]) getter.invoke(parameters)).containsExactly("x25519", "secp256r1");
		}
		else {
			assertThat(outcome.applied()).isFalse();
			assertThat(outcome.message()).contains("-Djdk.tls.namedGroups=x25519,secp256r1").contains("Java 20");
		}
	}

}
