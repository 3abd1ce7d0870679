package io.github.sslstarter.client.mail;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.mail.autoconfigure.MailSenderAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.mail.MailSendException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import io.github.sslstarter.autoconfigure.SslContexts;
import io.github.sslstarter.autoconfigure.SslContextsAutoConfiguration;
import io.github.sslstarter.core.HandshakeEvent;
import io.github.sslstarter.core.HandshakeListener;
import io.github.sslstarter.core.TlsFailure;
import io.github.sslstarter.test.TestSslContexts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Spring Boot's {@code JavaMailSender} given a context's name in {@code spring.mail.ssl.bundle}:
 * the sender connects through the context itself, as {@link MailSenders#apply} makes it.
 */
class SslMailAutoConfigurationTest {

	private static final List<HandshakeEvent> HANDSHAKES = new CopyOnWriteArrayList<>();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, SslContextsAutoConfiguration.class,
				SslMailAutoConfiguration.class, MailSenderAutoConfiguration.class))
		.withBean("mailCa", X509Certificate.class, JakartaMailTest.ca::certificate)
		.withBean("mailClient", X509Certificate.class, JakartaMailTest.client::certificate)
		.withBean("mailClientKey", PrivateKey.class, JakartaMailTest.client::privateKey)
		.withBean("handshakes", HandshakeListener.class, () -> HANDSHAKES::add)
		.withPropertyValues("ssl.contexts.mail.trust.ca-file=bean:mailCa", "ssl.contexts.mail.trust.system-defaults=false",
				"ssl.contexts.mail.verify.scheme=smtp", "spring.mail.host=localhost",
				"spring.mail.properties.mail.smtp.connectiontimeout=5000", "spring.mail.properties.mail.smtp.timeout=5000");

	private static SimpleMailMessage message(String subject) {
		SimpleMailMessage message = new SimpleMailMessage();
		message.setFrom("app@example.org");
		message.setTo("ada@example.org");
		message.setSubject(subject);
		message.setText("Hello");
		return message;
	}

	@Test
	void theBundlesNameMakesBootsSenderConnectThroughTheContext() throws Exception {
		try (GreenMailSmtps server = GreenMailSmtps.start(TestSslContexts.server(JakartaMailTest.schemeOnly), false)) {
			this.runner
				.withPropertyValues("spring.mail.port=" + server.port(), "spring.mail.ssl.enabled=true",
						"spring.mail.ssl.bundle=mail")
				.run((context) -> {
					JavaMailSenderImpl sender = context.getBean(JavaMailSenderImpl.class);
					Properties properties = sender.getJavaMailProperties();
					assertThat(properties.get("mail.smtp.ssl.socketFactory"))
						.isSameAs(context.getBean(SslContexts.class).socketFactory("mail"));
					assertThat(properties).containsEntry("mail.smtp.socketFactory.fallback", "false")
						.containsEntry("mail.smtp.ssl.checkserveridentity", "false");
					HANDSHAKES.clear();
					context.getBean(JavaMailSender.class).send(message("through Boot"));
					assertThat(server.subjects()).containsExactly("through Boot");
					// reported as the context's tls.handshake
					assertThat(HANDSHAKES).anySatisfy((event) -> {
						assertThat(event.context()).isEqualTo("mail");
						assertThat(event.succeeded()).isTrue();
					});
				});
		}
	}

	@Test
	void bootsSenderRefusesAWrongHostWithTheClassifiedMessage() throws Exception {
		try (GreenMailSmtps server = GreenMailSmtps.start(TestSslContexts.server(JakartaMailTest.wrongHost), false)) {
			this.runner
				.withPropertyValues("spring.mail.port=" + server.port(), "spring.mail.ssl.enabled=true",
						"spring.mail.ssl.bundle=mail")
				.run((context) -> {
					assertThatExceptionOfType(MailSendException.class)
						.isThrownBy(() -> context.getBean(JavaMailSender.class).send(message("refused")))
						.satisfies((ex) -> assertThat(JakartaMailTest.classified(ex).failure())
							.isEqualTo(TlsFailure.HOSTNAME_MISMATCH));
					assertThat(server.subjects()).isEmpty();
				});
		}
	}

	@Test
	void bootsSenderOverStartTlsWithMutualTls() throws Exception {
		try (SmtpTestServer server = SmtpTestServer
			.startTls(TestSslContexts.mutual(JakartaMailTest.schemeOnly, JakartaMailTest.ca.certificate()), true)) {
			this.runner
				.withPropertyValues("spring.mail.port=" + server.port(),
						"spring.mail.properties.mail.smtp.starttls.enable=true", "spring.mail.ssl.bundle=mail",
						"ssl.contexts.mail.identity.certificate=bean:mailClient",
						"ssl.contexts.mail.identity.private-key=bean:mailClientKey")
				.run((context) -> {
					context.getBean(JavaMailSender.class).send(message("STARTTLS through Boot"));
					assertThat(server.messages()).singleElement()
						.asString()
						.contains("Subject: STARTTLS through Boot");
					assertThat(context.getBean(JavaMailSenderImpl.class).getJavaMailProperties())
						.containsEntry("mail.smtp.starttls.required", "true");
				});
		}
	}

	@Test
	void bootsBundleRouteAloneWouldRetryARefusedServerWithTheJvmsDefaultFactory() {
		// the published bundle carries the context's rules, but Angus Mail's fallback still bypasses it
		try (SmtpTestServer server = SmtpTestServer.smtps(TestSslContexts.server(JakartaMailTest.wrongHost))) {
			String[] properties = { "spring.mail.port=" + server.port(), "spring.mail.ssl.enabled=true",
					"spring.mail.ssl.bundle=mail" };
			new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, SslContextsAutoConfiguration.class,
						MailSenderAutoConfiguration.class))
				.withBean("mailCa", X509Certificate.class, JakartaMailTest.ca::certificate)
				.withPropertyValues("ssl.contexts.mail.trust.ca-file=bean:mailCa",
						"ssl.contexts.mail.trust.system-defaults=false", "ssl.contexts.mail.verify.scheme=smtp",
						"spring.mail.host=localhost")
				.withPropertyValues(properties)
				.run((context) -> assertThatExceptionOfType(MailSendException.class)
					.isThrownBy(() -> context.getBean(JavaMailSender.class).send(message("refused"))));
			assertThat(server.connections()).isEqualTo(2);
			this.runner.withPropertyValues(properties)
				.run((context) -> assertThatExceptionOfType(MailSendException.class)
					.isThrownBy(() -> context.getBean(JavaMailSender.class).send(message("refused"))));
			assertThat(server.connections()).isEqualTo(3);
		}
	}

	@Test
	void aBundleOfBootsOwnIsLeftAlone() {
		this.runner
			.withPropertyValues("spring.mail.ssl.enabled=true", "spring.mail.ssl.bundle=mail",
					"spring.ssl.bundle.pem.mail.truststore.certificate=" + pem())
			.run((context) -> assertThat(context.getBean(JavaMailSenderImpl.class).getJavaMailProperties().get(
					"mail.smtp.ssl.socketFactory"))
				.isNotInstanceOf(io.github.sslstarter.core.SslSocketFactory.class));
	}

	@Test
	void aSenderThatWouldSendInPlaintextStopsTheApplication() {
		this.runner.withPropertyValues("spring.mail.ssl.bundle=mail")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("mail.smtp.ssl.enable")
				.hasMessageContaining("plaintext"));
	}

	@Test
	void withoutTheBundlePropertyBootsSenderIsUnchanged() {
		this.runner.withPropertyValues("spring.mail.ssl.enabled=true")
			.run((context) -> assertThat(context.getBean(JavaMailSenderImpl.class).getJavaMailProperties())
				.doesNotContainKey("mail.smtp.ssl.socketFactory")
				.doesNotContainKey("mail.smtp.socketFactory.fallback"));
	}

	private static String pem() {
		return JakartaMailTest.ca.certificatePem();
	}

}
