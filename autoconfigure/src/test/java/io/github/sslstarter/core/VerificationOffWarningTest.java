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
 * Turning verification off works, and says so once per context.
 */
class VerificationOffWarningTest {

	private final Logger logger = Logger.getLogger(SslContextFactory.class.getName());

	private final List<LogRecord> records = new CopyOnWriteArrayList<>();

	private final Handler handler = new Handler() {

		@Override
		public void publish(LogRecord record) {
			VerificationOffWarningTest.this.records.add(record);
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
	void warnsOncePerContextWhenVerificationIsOff() throws Exception {
		SslContextFactory insecure = new SslContextFactory(
				SslSettings.builder().name("legacy").verifyMode(VerifyMode.NONE).build());
		new SslSocketFactory(insecure).createSocket().close();
		new SslSocketFactory(insecure).createSocket().close();
		new SslContextFactory(SslSettings.builder().name("secure").build());
		assertThat(this.records).singleElement().satisfies((record) -> {
			assertThat(record.getLevel()).isEqualTo(Level.WARNING);
			assertThat(record.getMessage()).contains("'legacy'").contains("verify.mode=none");
		});
	}

}
