package io.github.sslstarter.spec;

import java.util.List;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The protocol-version language against this JVM's supported protocols and security properties. */
class ProtocolSpecTest {

	private static List<String> supported;

	@BeforeAll
	static void jvmProtocols() throws Exception {
		supported = List.of(SSLContext.getDefault().getSupportedSSLParameters().getProtocols());
	}

	@Test
	void defaultsToTls13AndTls12() {
		assertThat(ProtocolSpec.resolve(null, supported)).containsExactly("TLSv1.3", "TLSv1.2");
		assertThat(ProtocolSpec.resolve("  ", supported)).containsExactly("TLSv1.3", "TLSv1.2");
	}

	@Test
	void acceptsJsseNames() {
		assertThat(ProtocolSpec.resolve("TLSv1.2", supported)).containsExactly("TLSv1.2");
		assertThat(ProtocolSpec.resolve("TLSv1.2:TLSv1.3", supported)).containsExactly("TLSv1.3", "TLSv1.2");
	}

	@Test
	void acceptsIoSocketSslNamesCaseInsensitively() {
		assertThat(ProtocolSpec.resolve("tlsv1_2", supported)).containsExactly("TLSv1.2");
		assertThat(ProtocolSpec.resolve("TLSV12", supported)).containsExactly("TLSv1.2");
		assertThat(ProtocolSpec.resolve("TLSv1_3", supported)).containsExactly("TLSv1.3");
		assertThat(ProtocolSpec.resolve("tlsv13", supported)).containsExactly("TLSv1.3");
	}

	@Test
	void sslv23MeansEverythingSupportedAndEnabled() {
		assertThat(ProtocolSpec.resolve("SSLv23", supported)).containsExactly("TLSv1.3", "TLSv1.2");
	}

	@Test
	void exclusionsRemoveFromSslv23() {
		assertThat(ProtocolSpec.resolve("SSLv23:!SSLv2:!SSLv3:!TLSv1:!TLSv11:!TLSv13", supported))
			.containsExactly("TLSv1.2");
	}

	@Test
	void exclusionsAloneStartFromSslv23() {
		assertThat(ProtocolSpec.resolve("!TLSv1_2", supported)).containsExactly("TLSv1.3");
	}

	@Test
	void refusesSslv2WithTheReason() {
		assertThatExceptionOfType(SpecException.class).isThrownBy(() -> ProtocolSpec.resolve("SSLv2", supported))
			.withMessageContaining("SSLv2")
			.withMessageContaining("insecure");
	}

	@Test
	void refusesSslv3NamingTheSecurityProperty() {
		assertThatExceptionOfType(SpecException.class).isThrownBy(() -> ProtocolSpec.resolve("SSLv3", supported))
			.withMessageContaining("SSLv3")
			.withMessageContaining("jdk.tls.disabledAlgorithms");
	}

	@Test
	void refusesVersionsDisabledByTheSecurityProperty() {
		assertThatExceptionOfType(SpecException.class).isThrownBy(() -> ProtocolSpec.resolve("TLSv1", supported))
			.withMessageContaining("TLSv1 is disabled")
			.withMessageContaining("jdk.tls.disabledAlgorithms");
		assertThatExceptionOfType(SpecException.class)
			.isThrownBy(() -> ProtocolSpec.resolve("TLSv1.2:TLSv11", supported))
			.withMessageContaining("TLSv1.1 is disabled");
	}

	@Test
	void allowsAVersionTheSecurityPropertyNoLongerDisables() {
		assertThat(ProtocolSpec.resolve("SSLv23", supported, "SSLv3, TLSv1, RC4")).containsExactly("TLSv1.3",
				"TLSv1.2", "TLSv1.1");
		assertThat(ProtocolSpec.resolve("TLSv11", supported, "SSLv3")).containsExactly("TLSv1.1");
	}

	@Test
	void refusesAVersionTheJvmDoesNotImplement() {
		assertThatExceptionOfType(SpecException.class)
			.isThrownBy(() -> ProtocolSpec.resolve("TLSv1.3", List.of("TLSv1.2"), ""))
			.withMessageContaining("TLSv1.3 is not supported by this JVM");
	}

	@Test
	void refusesExcludingEverything() {
		assertThatExceptionOfType(SpecException.class)
			.isThrownBy(() -> ProtocolSpec.resolve("SSLv23:!TLSv12:!TLSv13", supported))
			.withMessageContaining("excludes every version");
	}

	@Test
	void refusesUnknownNames() {
		assertThatExceptionOfType(SpecException.class).isThrownBy(() -> ProtocolSpec.resolve("TLSv2", supported))
			.withMessageContaining("'TLSv2'");
	}

	@Test
	void readsProtocolEntriesOfTheSecurityProperty() {
		assertThat(ProtocolSpec.disabledVersions("SSLv3, TLSv1, TLSv1.1, DTLSv1.0, RC4, DH keySize < 1024"))
			.containsExactly("SSLv3", "TLSv1", "TLSv1.1");
	}

}
