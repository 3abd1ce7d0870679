package io.github.sslstarter.actuate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.autoconfigure.context.properties.ConfigurationPropertiesReportEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.env.EnvironmentEndpointAutoConfiguration;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.sslstarter.autoconfigure.SslContextsAutoConfiguration;
import io.github.sslstarter.test.TestCertificate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code show-values: always}, {@code configprops} and {@code env} still mask the passwords
 * and inline keys of {@code ssl.*}, and show the rest.
 */
class TlsSecretsSanitizingTest {

	private static final String SECRET = "s3cr3t-Keystore";

	private static final TestCertificate ca = TestCertificate.authority("Sanitizing CA");

	@TempDir
	Path dir;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslContextsAutoConfiguration.class, TlsSecretsAutoConfiguration.class,
				EndpointAutoConfiguration.class, ConfigurationPropertiesReportEndpointAutoConfiguration.class,
				EnvironmentEndpointAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=*",
				"management.endpoint.configprops.show-values=always", "management.endpoint.env.show-values=always");

	private Path keystore() throws Exception {
		TestCertificate leaf = TestCertificate.builder().localhost().signedBy(ca).build();
		KeyStore store = KeyStore.getInstance("PKCS12");
		store.load(null, null);
		store.setKeyEntry("own", leaf.privateKey(), SECRET.toCharArray(), leaf.chain().toArray(new X509Certificate[0]));
		Path file = this.dir.resolve("own.p12");
		try (var out = Files.newOutputStream(file)) {
			store.store(out, SECRET.toCharArray());
		}
		return file;
	}

	@Test
	void passwordsAndInlineKeysAreMaskedWhateverShowValuesSays() throws Exception {
		TestCertificate inline = TestCertificate.builder().localhost().signedBy(ca).build();
		this.runner
			.withPropertyValues("ssl.identity.keystore.location=" + keystore(), "ssl.identity.keystore.password=" + SECRET,
					"ssl.contexts.mail.identity.certificate=" + inline.chainPem(),
					"ssl.contexts.mail.identity.private-key=" + inline.privateKeyPem(),
					"ssl.contexts.mail.identity.private-key-password=" + SECRET, "ssl.sni=visible.example")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				EnvironmentEndpoint env = context.getBean(EnvironmentEndpoint.class);
				assertThat(env.environmentEntry("ssl.identity.keystore.password").getProperty().getValue())
					.isEqualTo(SanitizableData.SANITIZED_VALUE);
				assertThat(env.environmentEntry("ssl.contexts.mail.identity.private-key-password").getProperty().getValue())
					.isEqualTo(SanitizableData.SANITIZED_VALUE);
				assertThat(env.environmentEntry("ssl.contexts.mail.identity.private-key").getProperty().getValue())
					.isEqualTo(SanitizableData.SANITIZED_VALUE);
				assertThat(env.environmentEntry("ssl.sni").getProperty().getValue()).isEqualTo("visible.example");
				String report = context.getBean(ConfigurationPropertiesReportEndpoint.class)
					.configurationPropertiesWithPrefix("ssl")
					.getContexts()
					.values()
					.stream()
					.flatMap((c) -> c.getBeans().values().stream())
					.map((bean) -> String.valueOf(bean.getProperties()) + bean.getInputs())
					.reduce("", String::concat);
				assertThat(report).contains("visible.example", SanitizableData.SANITIZED_VALUE)
					.doesNotContain(SECRET)
					.doesNotContain("PRIVATE KEY");
			});
	}

	@Test
	void leavesOtherKeysAlone() {
		TlsSecretsSanitizingFunction function = new TlsSecretsSanitizingFunction();
		SanitizableData data = new SanitizableData(null, "ssl.identity.certificate", "classpath:own.pem");
		assertThat(function.apply(data).getValue()).isEqualTo("classpath:own.pem");
		SanitizableData fileKey = new SanitizableData(null, "ssl.identity.private-key", "file:/etc/key.pem");
		assertThat(function.apply(fileKey).getValue()).isEqualTo("file:/etc/key.pem");
		assertThat(function.apply(new SanitizableData(null, "ssl.identity.privateKeyPassword", "x")).getValue())
			.isEqualTo(SanitizableData.SANITIZED_VALUE);
		assertThat(Map.of("k", function.apply(new SanitizableData(null, "other.password", "x")).getValue()))
			.containsEntry("k", "x");
	}

}
