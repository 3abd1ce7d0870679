package io.github.sslstarter.client.mail;

import java.util.List;
import java.util.Properties;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import io.github.sslstarter.core.SslConfigurationException;
import io.github.sslstarter.core.SslConnectionException;
import io.github.sslstarter.core.SslContextFactory;
import io.github.sslstarter.core.SslSettings;
import io.github.sslstarter.core.SslSocketFactory;
import io.github.sslstarter.core.TlsFailure;
import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.test.TestSslContexts;
import io.github.sslstarter.verify.HostnameScheme;

import static io.github.sslstarter.testing.Identities.identity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Jakarta Mail (Angus Mail) through a context, to GreenMail's SMTPS server and to a STARTTLS
 * server: the context's {@code smtp} scheme is the only identity check, and nothing falls back to
 * the JVM's default socket factory.
 */
class JakartaMailTest {

	static final TestCertificate ca = TestCertificate.authority("Mail CA");

	/** CN=localhost beside a subjectAltName for another host: the smtp scheme (CN always) accepts it, the JDK does not. */
	static final TestCertificate schemeOnly = TestCertificate.builder()
		.commonName("localhost")
		.dnsNames("mx.example.org")
		.signedBy(ca)
		.build();

	static final TestCertificate wrongHost = TestCertificate.builder()
		.commonName("www.example.org")
		.dnsNames("www.example.org")
		.signedBy(ca)
		.build();

	static final TestCertificate client = TestCertificate.builder().commonName("mail-client").signedBy(ca).build();

	static SslSocketFactory mail(boolean withIdentity) {
		SslSettings.Builder settings = SslSettings.builder()
			.name("mail")
			.trustedCertificates(List.of(ca.certificate()))
			.trustSystemDefaults(false)
			.verifyScheme(HostnameScheme.named("smtp"));
		if (withIdentity) {
			settings.identity(identity(client));
		}
		return new SslSocketFactory(new SslContextFactory(settings.build()));
	}

	private static Properties smtp(int port, boolean implicitTls) {
		Properties properties = new Properties();
		properties.setProperty("mail.smtp.host", "localhost");
		properties.setProperty("mail.smtp.port", Integer.toString(port));
		properties.setProperty("mail.smtp.connectiontimeout", "5000");
		properties.setProperty("mail.smtp.timeout", "5000");
		properties.setProperty(implicitTls ? "mail.smtp.ssl.enable" : "mail.smtp.starttls.enable", "true");
		return properties;
	}

	private static void send(Properties properties, String subject) throws MessagingException {
		MimeMessage message = new MimeMessage(Session.getInstance(properties));
		message.setFrom(new InternetAddress("app@example.org"));
		message.setRecipient(Message.RecipientType.TO, new InternetAddress("ada@example.org"));
		message.setSubject(subject);
		message.setText("Hello");
		Transport.send(message);
	}

	static SslConnectionException classified(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (t instanceof SslConnectionException classified) {
				return classified;
			}
		}
		throw new AssertionError("No SslConnectionException in the causes of " + failure, failure);
	}

	@Test
	void smtpsAcceptsACertificateOnlyTheSmtpSchemeAccepts() throws Exception {
		try (GreenMailSmtps server = GreenMailSmtps.start(TestSslContexts.server(schemeOnly), false)) {
			send(JakartaMail.apply(smtp(server.port(), true), "smtp", mail(false)), "over SMTPS");
			assertThat(server.subjects()).containsExactly("over SMTPS");
		}
	}

	@Test
	void angusMailsOwnIdentityCheckRefusesThatCertificate() throws Exception {
		// the control: a plain JSSE factory trusting the same CA, with Angus Mail's default server identity check
		try (GreenMailSmtps server = GreenMailSmtps.start(TestSslContexts.server(schemeOnly), false)) {
			Properties properties = smtp(server.port(), true);
			properties.put("mail.smtp.ssl.socketFactory", TestSslContexts.client(ca.certificate()).getSocketFactory());
			properties.setProperty("mail.smtp.socketFactory.fallback", "false");
			assertThatExceptionOfType(MessagingException.class).isThrownBy(() -> send(properties, "refused"))
				.havingRootCause()
				.withMessageContaining("No subject alternative DNS name matching localhost");
			assertThat(server.subjects()).isEmpty();
		}
	}

	@Test
	void smtpsRefusesAWrongHostWithTheClassifiedMessage() throws Exception {
		try (GreenMailSmtps server = GreenMailSmtps.start(TestSslContexts.server(wrongHost), false)) {
			assertThatExceptionOfType(MessagingException.class)
				.isThrownBy(() -> send(JakartaMail.apply(smtp(server.port(), true), "smtp", mail(false)), "refused"))
				.satisfies((ex) -> {
					SslConnectionException failure = classified(ex);
					assertThat(failure.failure()).isEqualTo(TlsFailure.HOSTNAME_MISMATCH);
					assertThat(failure.getMessage()).contains("localhost").contains("www.example.org");
				});
			assertThat(server.subjects()).isEmpty();
		}
	}

	@Test
	void smtpsWithMutualTls() throws Exception {
		try (GreenMailSmtps server = GreenMailSmtps.start(TestSslContexts.mutual(schemeOnly, ca.certificate()), true)) {
			send(JakartaMail.apply(smtp(server.port(), true), "smtp", mail(true)), "mutual");
			assertThat(server.subjects()).containsExactly("mutual");
		}
	}

	@Test
	void startTlsAcceptsACertificateOnlyTheSmtpSchemeAccepts() throws Exception {
		try (SmtpTestServer server = SmtpTestServer.startTls(TestSslContexts.server(schemeOnly), false)) {
			send(JakartaMail.apply(smtp(server.port(), false), "smtp", mail(false)), "over STARTTLS");
			assertThat(server.messages()).singleElement().asString().contains("Subject: over STARTTLS");
		}
	}

	@Test
	void startTlsRefusesAWrongHostWithTheClassifiedMessage() throws Exception {
		try (SmtpTestServer server = SmtpTestServer.startTls(TestSslContexts.server(wrongHost), false)) {
			assertThatExceptionOfType(MessagingException.class)
				.isThrownBy(() -> send(JakartaMail.apply(smtp(server.port(), false), "smtp", mail(false)), "refused"))
				.satisfies((ex) -> assertThat(classified(ex).failure()).isEqualTo(TlsFailure.HOSTNAME_MISMATCH));
			assertThat(server.messages()).isEmpty();
		}
	}

	@Test
	void startTlsWithMutualTls() throws Exception {
		try (SmtpTestServer server = SmtpTestServer.startTls(TestSslContexts.mutual(schemeOnly, ca.certificate()),
				true)) {
			send(JakartaMail.apply(smtp(server.port(), false), "smtp", mail(true)), "mutual over STARTTLS");
			assertThat(server.messages()).singleElement().asString().contains("Subject: mutual over STARTTLS");
		}
	}

	@Test
	void aRefusedServerIsNotRetriedWithTheJvmsDefaultFactory() throws Exception {
		try (SmtpTestServer server = SmtpTestServer.smtps(TestSslContexts.server(wrongHost))) {
			assertThatExceptionOfType(MessagingException.class)
				.isThrownBy(() -> send(JakartaMail.apply(smtp(server.port(), true), "smtp", mail(false)), "refused"))
				.satisfies((ex) -> assertThat(classified(ex).failure()).isEqualTo(TlsFailure.HOSTNAME_MISMATCH));
			assertThat(server.connections()).isEqualTo(1);
		}
	}

	@Test
	void angusMailsDefaultFallbackWouldConnectAgainWithoutTheContext() throws Exception {
		// the control: the same factory without fallback=false: Angus Mail connects once more with the JVM's default
		try (SmtpTestServer server = SmtpTestServer.smtps(TestSslContexts.server(wrongHost))) {
			Properties properties = smtp(server.port(), true);
			properties.put("mail.smtp.ssl.socketFactory", mail(false));
			properties.setProperty("mail.smtp.ssl.checkserveridentity", "false");
			assertThatExceptionOfType(MessagingException.class).isThrownBy(() -> send(properties, "refused"));
			assertThat(server.connections()).isEqualTo(2);
		}
	}

	@Test
	void startTlsBecomesRequired() {
		Properties properties = JakartaMail.apply(smtp(25, false), "smtp", mail(false));
		assertThat(properties).containsEntry("mail.smtp.starttls.required", "true")
			.containsEntry("mail.smtp.socketFactory.fallback", "false")
			.containsEntry("mail.smtp.ssl.checkserveridentity", "false");
		Properties optional = smtp(25, false);
		optional.setProperty("mail.smtp.starttls.required", "false");
		assertThat(JakartaMail.apply(optional, "smtp", mail(false))).containsEntry("mail.smtp.starttls.required",
				"false");
	}

	@Test
	void refusesPlaintext() {
		Properties properties = new Properties();
		properties.setProperty("mail.smtp.host", "localhost");
		assertThatExceptionOfType(SslConfigurationException.class)
			.isThrownBy(() -> JakartaMail.apply(properties, "smtp", mail(false)))
			.satisfies((ex) -> {
				assertThat(ex.setting()).isEqualTo("mail.smtp.ssl.enable");
				assertThat(ex.problem()).contains("plaintext").contains("'mail'");
				assertThat(ex.action()).contains("spring.mail.ssl.enabled=true");
			});
	}

	@Test
	void refusesAngusMailsOwnTrust() {
		Properties properties = smtp(465, true);
		properties.setProperty("mail.smtp.ssl.trust", "*");
		assertThatExceptionOfType(SslConfigurationException.class)
			.isThrownBy(() -> JakartaMail.apply(properties, "smtp", mail(false)))
			.satisfies((ex) -> {
				assertThat(ex.setting()).isEqualTo("mail.smtp.ssl.trust");
				assertThat(ex.action()).contains("trust.ca-file");
			});
	}

}
