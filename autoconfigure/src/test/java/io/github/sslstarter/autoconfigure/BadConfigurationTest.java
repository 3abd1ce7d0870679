package io.github.sslstarter.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.support.SpringFactoriesLoader;

import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.actuate.TlsPeerHealthAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Configurations that used to start silently, or fail with a raw stack trace, stop startup with
 * a failure analysis that names the property and the fix, as Spring Boot would show it (all of
 * its failure analyzers, in its order, ours among them); the others log a warning.
 */
@ExtendWith(OutputCaptureExtension.class)
class BadConfigurationTest {

	private static final TestCertificate ca = TestCertificate.authority("Bad configuration CA");

	@TempDir
	Path dir;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslContextsAutoConfiguration.class,
				org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration.class,
				TlsPeerHealthAutoConfiguration.class));

	/** The analysis Spring Boot would print: the first of all analyzers, in its order, that has one. */
	static FailureAnalysis bootsAnalysis(Throwable failure) {
		SpringFactoriesLoader.ArgumentResolver arguments = SpringFactoriesLoader.ArgumentResolver
			.of(BeanFactory.class, new DefaultListableBeanFactory())
			.and(Environment.class, new StandardEnvironment());
		List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, arguments, SpringFactoriesLoader.FailureHandler.logging(
					org.apache.commons.logging.LogFactory.getLog(BadConfigurationTest.class)));
		AnnotationAwareOrderComparator.sort(analyzers);
		for (FailureAnalyzer analyzer : analyzers) {
			FailureAnalysis analysis = analyzer.analyze(failure);
			if (analysis != null) {
				return analysis;
			}
		}
		return null;
	}

	private FailureAnalysis analyze(String... properties) {
		FailureAnalysis[] analysis = new FailureAnalysis[1];
		this.runner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasFailed();
			analysis[0] = bootsAnalysis(context.getStartupFailure());
		});
		assertThat(analysis[0]).as("a failure analysis").isNotNull();
		System.out.println("BAD " + String.join(" ", properties) + "\n  " + analysis[0].getDescription());
		return analysis[0];
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = { "ssl.timeouts.handshake=-5s | ssl.timeouts.handshake | negative",
			"ssl.timeouts.connect=-1s | ssl.timeouts.connect | negative",
			"ssl.timeouts.read=-1s | ssl.timeouts.read | negative",
			"ssl.contexts.mail.timeouts.handshake=-1ms | ssl.contexts.mail.timeouts.handshake | negative",
			"ssl.session-cache.timeout=-1h | ssl.session-cache.timeout | not positive",
			"ssl.session-cache.size=-5 | ssl.session-cache.size | negative",
			"ssl.contexts.mail.session-cache.shared=common | ssl.contexts.mail.session-cache.shared | cannot share a session cache",
			"ssl.debug=4 | ssl.debug | not 0 to 3",
			"ssl.contexts.mail.debug=-1 | ssl.contexts.mail.debug | not 0 to 3",
			"ssl.alpn=h2, | ssl.alpn[1] | empty",
			"ssl.sni=bad_name! | ssl.sni | not a valid SNI host name",
			"ssl.sni=10.0.0.1 | ssl.sni | IP address",
			"ssl.verify.hostname-callback=noSuchBean | ssl.verify.hostname-callback | no bean named 'noSuchBean'",
			"ssl.verify.chain-callback=noSuchBean | ssl.verify.chain-callback | no bean named 'noSuchBean'",
			"ssl.health.expiry-warning-threshold=-14d | ssl.health.expiry-warning-threshold | negative",
			"ssl.health.expiring-status=' ' | ssl.health.expiring-status | blank" })
	void refusesWithTheProperty(String property, String named, String problem) {
		FailureAnalysis analysis = analyze(property.replace("' '", " "));
		assertThat(analysis.getDescription()).contains(named, problem);
		assertThat(analysis.getAction()).isNotBlank();
	}

	@Test
	void zeroMeansNoTimeout() {
		this.runner.withPropertyValues("ssl.timeouts.handshake=0", "ssl.timeouts.read=0")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	private String[] identity(TestCertificate identity) {
		TestCertificate.PemFiles files = identity.writeTo(this.dir, "own");
		return new String[] { "ssl.identity.certificate=" + files.chain(), "ssl.identity.private-key=" + files.privateKey() };
	}

	@Test
	void ourOwnExpiredCertificateStopsStartup() throws Exception {
		TestCertificate expired = TestCertificate.builder()
			.commonName("expired.example")
			.dnsNames("expired.example")
			.validity(Instant.now().minus(Duration.ofDays(30)), Instant.now().minus(Duration.ofDays(1)))
			.signedBy(ca)
			.build();
		FailureAnalysis analysis = analyze(identity(expired));
		assertThat(analysis.getDescription()).contains("ssl.identity", "expired", "CN=expired.example");
		assertThat(analysis.getAction()).contains("renew");
	}

	@Test
	void ourOwnCertificateNotYetValidStartsWithAWarning(CapturedOutput output) throws Exception {
		TestCertificate future = TestCertificate.builder()
			.commonName("future.example")
			.dnsNames("future.example")
			.validity(Instant.now().plus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)))
			.signedBy(ca)
			.build();
		this.runner.withPropertyValues(identity(future)).run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).contains("ssl.identity", "CN=future.example", "is not valid before");
	}

	@Test
	void aCaFileHoldingAPrivateKeyStartsWithAWarning(CapturedOutput output) throws Exception {
		TestCertificate.PemFiles files = TestCertificate.builder().localhost().signedBy(ca).build()
			.writeTo(this.dir, "leaky");
		Path caFile = this.dir.resolve("ca-with-key.pem");
		Files.writeString(caFile, Files.readString(files.chain()) + Files.readString(files.privateKey()));
		this.runner.withPropertyValues("ssl.trust.ca-file=" + caFile).run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).contains("ssl.trust.ca-file", "holds a private key");
		assertThat(output).doesNotContain("BEGIN PRIVATE KEY").doesNotContain("BEGIN EC PRIVATE KEY");
	}

}
