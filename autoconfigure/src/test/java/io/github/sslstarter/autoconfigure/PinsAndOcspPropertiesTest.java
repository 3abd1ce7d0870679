package io.github.sslstarter.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.sslstarter.core.OcspMode;
import io.github.sslstarter.core.SslSettings;
import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.verify.Pins;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code trust.pins}, {@code trust.pins-replace-chain} and {@code trust.ocsp.*} as properties:
 * bound per context, inherited per property (not with the anchors), and a malformed value fails
 * startup naming the property.
 */
class PinsAndOcspPropertiesTest {

	private static final TestCertificate ca = TestCertificate.authority("Properties CA");

	private static final String PIN = Pins.spki(ca.certificate());

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslContextsAutoConfiguration.class,
				org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration.class));

	@TempDir
	Path dir;

	@Test
	void theDefaultsAreStapleCheckingAndNoPins() {
		this.runner.run((spring) -> {
			SslSettings settings = spring.getBean(SslContexts.class).contextFactory("primary").settings();
			assertThat(settings.trustOcspMode()).isEqualTo(OcspMode.STAPLE);
			assertThat(settings.trustOcspTimeout()).isEqualTo(Duration.ofSeconds(5));
			assertThat(settings.trustPins().isEmpty()).isTrue();
			assertThat(settings.trustPinsReplaceChain()).isFalse();
		});
	}

	@Test
	void aNamedContextInheritsPinsAndOcspPerPropertyAndKeepsTheTopLevelAnchors() {
		Path caFile = ca.writeCertificate(this.dir.resolve("ca.pem"));
		this.runner
			.withPropertyValues("ssl.trust.ca-file=" + caFile, "ssl.trust.system-defaults=false",
					"ssl.trust.pins[0]=" + PIN, "ssl.trust.ocsp.mode=full-chain", "ssl.trust.ocsp.timeout=2s",
					"ssl.contexts.api.trust.ocsp.mode=must-staple", "ssl.contexts.other.trust.pins-replace-chain=true")
			.run((spring) -> {
				SslContexts contexts = spring.getBean(SslContexts.class);
				SslSettings api = contexts.contextFactory("api").settings();
				assertThat(api.trustOcspMode()).isEqualTo(OcspMode.MUST_STAPLE);
				assertThat(api.trustOcspTimeout()).isEqualTo(Duration.ofSeconds(2));
				assertThat(api.trustPins().written()).containsExactly(PIN);
				assertThat(api.trustedCertificates()).containsExactly(ca.certificate());
				SslSettings other = contexts.contextFactory("other").settings();
				assertThat(other.trustPinsReplaceChain()).isTrue();
				assertThat(other.trustPins().written()).containsExactly(PIN);
				assertThat(other.trustedCertificates()).containsExactly(ca.certificate());
			});
	}

	@Test
	void aMalformedPinFailsStartupNamingItsIndex() {
		this.runner.withPropertyValues("ssl.contexts.api.trust.pins[0]=" + PIN, "ssl.contexts.api.trust.pins[1]=sha256/AAAA")
			.run((spring) -> {
				FailureAnalysis analysis = SslFailureAnalysisTest.analysis(spring.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("ssl.contexts.api.trust.pins[1]",
						"has 3 bytes, a SHA-256 digest has 32");
				assertThat(analysis.getAction()).contains("sha256/<base64>");
			});
	}

	@Test
	void pinsWithoutVerificationFailStartup() {
		this.runner.withPropertyValues("ssl.trust.pins[0]=" + PIN, "ssl.verify.mode=none").run((spring) -> {
			FailureAnalysis analysis = SslFailureAnalysisTest.analysis(spring.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("ssl.trust.pins", "verify.mode is none");
		});
	}

	@Test
	void pinsReplaceChainWithoutPinsFailsStartup() {
		this.runner.withPropertyValues("ssl.trust.pins-replace-chain=true").run((spring) -> {
			FailureAnalysis analysis = SslFailureAnalysisTest.analysis(spring.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("ssl.trust.pins-replace-chain", "trust.pins is empty");
		});
	}

	@Test
	void aNonPositiveOcspTimeoutFailsStartup() {
		this.runner.withPropertyValues("ssl.trust.ocsp.timeout=0s").run((spring) -> {
			FailureAnalysis analysis = SslFailureAnalysisTest.analysis(spring.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("ssl.trust.ocsp.timeout", "not positive");
		});
	}

}
