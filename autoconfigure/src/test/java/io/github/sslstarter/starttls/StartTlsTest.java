package io.github.sslstarter.starttls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.Test;

import io.github.sslstarter.test.TestCertificate;
import io.github.sslstarter.test.TestSslContexts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Naming a protocol and the arguments {@link StartTls#negotiate} accepts.
 */
class StartTlsTest {

	private static final TestCertificate localhost = TestCertificate.builder().localhost().build();

	private static final SSLContext serverContext = TestSslContexts.server(localhost);

	@Test
	void ofAcceptsLowerCaseNamesAndAliases() {
		assertThat(StartTls.of("smtp")).isEqualTo(StartTls.SMTP);
		assertThat(StartTls.of("imap")).isEqualTo(StartTls.IMAP);
		assertThat(StartTls.of("pop3")).isEqualTo(StartTls.POP3);
		assertThat(StartTls.of("ftp")).isEqualTo(StartTls.FTP);
		assertThat(StartTls.of("ldap")).isEqualTo(StartTls.LDAP);
		assertThat(StartTls.of("postgres")).isEqualTo(StartTls.POSTGRES);
		assertThat(StartTls.of("postgresql")).isEqualTo(StartTls.POSTGRES);
		assertThat(StartTls.of("xmpp")).isEqualTo(StartTls.XMPP);
	}

	@Test
	void ofIgnoresCaseAndSurroundingSpace() {
		assertThat(StartTls.of(" SMTP ")).isEqualTo(StartTls.SMTP);
		assertThat(StartTls.of("PostgreSQL")).isEqualTo(StartTls.POSTGRES);
	}

	@Test
	void ofRejectsAnUnknownNameListingTheKnownOnes() {
		assertThatIllegalArgumentException().isThrownBy(() -> StartTls.of("nntp"))
			.withMessage("Unknown STARTTLS protocol 'nntp'; known: smtp, imap, pop3, ftp, ldap, postgres, postgresql, xmpp");
	}

	@Test
	void ehloNamesAnIpv4AddressAsALiteral() throws IOException {
		assertThat(StartTls.addressLiteral(InetAddress.getByName("192.0.2.7"))).isEqualTo("[192.0.2.7]");
	}

	@Test
	void ehloNamesAnIpv6AddressAsATaggedLiteralWithoutZone() throws IOException {
		assertThat(StartTls.addressLiteral(InetAddress.getByName("fe80::1%1"))).isEqualTo("[IPv6:fe80:0:0:0:0:0:0:1]");
	}

	@Test
	void negotiateRefusesASocketThatIsNotConnected() {
		assertThatIllegalArgumentException().isThrownBy(() -> StartTls.SMTP.negotiate(new Socket(), "localhost"))
			.withMessage("SMTP STARTTLS needs a connected, open socket");
	}

	@Test
	void xmppNeedsTheServersDomain() throws IOException {
		try (StartTlsTestServer server = StartTlsTestServer.start(StartTls.XMPP, serverContext);
				Socket plain = StartTlsUpgradeTest.connect(server)) {
			assertThatIllegalArgumentException().isThrownBy(() -> StartTls.XMPP.negotiate(plain, " "))
				.withMessageContaining("needs the server's domain");
		}
	}

	@Test
	void clientNameMustNotSmuggleACommand() throws IOException {
		try (StartTlsTestServer server = StartTlsTestServer.start(StartTls.SMTP, serverContext);
				Socket plain = StartTlsUpgradeTest.connect(server)) {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> StartTls.SMTP.negotiate(plain, "localhost", "me\r\nSTARTTLS"))
				.withMessage("The client name must be printable ASCII without spaces");
		}
	}

}
