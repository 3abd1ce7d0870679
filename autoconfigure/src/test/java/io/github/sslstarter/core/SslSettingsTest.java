package io.github.sslstarter.core;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.sslstarter.verify.HostnameScheme;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The settings builder is declared once: a setter per component, copied by name both ways.
 */
class SslSettingsTest {

	@Test
	void everyComponentHasAPublicSetterOfItsName() throws Exception {
		for (RecordComponent component : SslSettings.class.getRecordComponents()) {
			Method setter = SslSettings.Builder.class.getMethod(component.getName(), component.getType());
			assertThat(setter.getReturnType()).as(component.getName()).isEqualTo(SslSettings.Builder.class);
		}
	}

	@Test
	void toBuilderKeepsEveryValueAndBuildChangesOnlyWhatWasSet() {
		SslSettings settings = SslSettings.builder()
			.name("copy")
			.trustSystemDefaults(false)
			.protocols("TLSv1.3")
			.verifyScheme(HostnameScheme.named("ldap"))
			.verifyName("directory.example")
			.alpn(List.of("h2"))
			.readTimeout(Duration.ofSeconds(3))
			.sessionCacheEnabled(false)
			.addressFamily(AddressFamily.IPV6)
			.build();
		assertThat(settings.toBuilder().build()).isEqualTo(settings);
		SslSettings changed = settings.toBuilder().sni("other.example").build();
		assertThat(changed.sni()).isEqualTo("other.example");
		assertThat(changed.toBuilder().sni(null).build()).isEqualTo(settings);
	}

	@Test
	void defaultsAreTheSecureOnes() {
		SslSettings defaults = SslSettings.builder().build();
		assertThat(defaults.name()).isEqualTo(SslSettings.PRIMARY);
		assertThat(defaults.verifyMode()).isEqualTo(VerifyMode.PEER);
		assertThat(defaults.trustSystemDefaults()).isTrue();
		assertThat(defaults.sessionCacheEnabled()).isTrue();
		assertThat(defaults.handshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
	}

}
