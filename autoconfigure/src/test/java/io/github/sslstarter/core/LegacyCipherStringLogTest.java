package io.github.sslstarter.core;

import java.util.List;
import java.util.logging.Level;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.sslstarter.testing.LogRecords;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cipher string pasted from an old configuration starts the context, and one INFO line per
 * context names the elements that add nothing on this JVM.
 */
class LegacyCipherStringLogTest {

	@RegisterExtension
	final LogRecords log = LogRecords.of(SocketParameters.class);

	@Test
	void theManualsExampleStartsAndNamesWhatMatchesNothingOnce() {
		SslContextFactory legacy = new SslContextFactory(
				SslSettings.builder().name("legacy").protocols("TLSv1.2").ciphers("ALL:!LOW:!EXP:!ADH").build());
		new SslSocketFactory(legacy).getDefaultCipherSuites();
		assertThat(legacy.cipherSuites()).isNotEmpty();
		new SslContextFactory(SslSettings.builder().name("modern").protocols("TLSv1.2").build());
		assertThat(this.log.records()).singleElement().satisfies((record) -> {
			assertThat(record.getLevel()).isEqualTo(Level.INFO);
			assertThat(record.getMessage()).contains("'legacy'", "!LOW", "!EXP");
		});
	}

	@Test
	void anEmptyStringIsTheProvidersOwnDefaultList() {
		SslContextFactory providers = new SslContextFactory(
				SslSettings.builder().name("provider-defaults").protocols("TLSv1.2").ciphers("").build());
		List<String> jdk = List.of(providers.sslContext().getDefaultSSLParameters().getCipherSuites())
			.stream()
			.filter((suite) -> !suite.startsWith("TLS_AES_") && !suite.startsWith("TLS_CHACHA20_"))
			.toList();
		assertThat(providers.cipherSuites()).containsExactlyElementsOf(jdk);
	}

}
