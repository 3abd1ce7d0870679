package io.github.sslstarter.core;

import java.util.List;
import java.util.logging.Level;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.sslstarter.testing.LogRecords;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Turning verification off works, and says so once per context.
 */
class VerificationOffWarningTest {

	@RegisterExtension
	final LogRecords log = LogRecords.of(SslContextFactory.class);

	@Test
	void warnsOncePerContextWhenVerificationIsOff() throws Exception {
		SslContextFactory insecure = new SslContextFactory(
				SslSettings.builder().name("legacy").verifyMode(VerifyMode.NONE).build());
		new SslSocketFactory(insecure).createSocket().close();
		new SslSocketFactory(insecure).createSocket().close();
		new SslContextFactory(SslSettings.builder().name("secure").build());
		assertThat(this.log.records()).singleElement().satisfies((record) -> {
			assertThat(record.getLevel()).isEqualTo(Level.WARNING);
			assertThat(record.getMessage()).contains("'legacy'").contains("verify.mode=none");
		});
	}

}
