package io.github.sslstarter.core;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cipher string pasted from an old configuration starts the context, and one INFO line per
 * context names the elements that add nothing on this JVM.
 */
class LegacyCipherStringLogTest {

	private final Logger logger = Logger.getLogger(SocketParameters.class.getName());

	private final List<LogRecord> records = new CopyOnWriteArrayList<>();

	private final Handler handler = new Handler() {

		@Override
		public void publish(LogRecord record) {
			LegacyCipherStringLogTest.this.records.add(record);
		}

		@Override
		public void flush() {
		}

		@Override
		public void close() {
		}

	};

	@BeforeEach
	void capture() {
		this.logger.addHandler(this.handler);
	}

	@AfterEach
	void release() {
		this.logger.removeHandler(this.handler);
	}

	@Test
	void theManualsExampleStartsAndNamesWhatMatchesNothingOnce() {
		SslContextFactory legacy = new SslContextFactory(
				SslSettings.builder().name("legacy").protocols("TLSv1.2").ciphers("ALL:!LOW:!EXP:!ADH").build());
		new SslSocketFactory(legacy).getDefaultCipherSuites();
		assertThat(legacy.cipherSuites()).isNotEmpty();
		new SslContextFactory(SslSettings.builder().name("modern").protocols("TLSv1.2").build());
		assertThat(this.records).singleElement().satisfies((record) -> {
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
