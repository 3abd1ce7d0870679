package io.github.sslstarter.spec;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.sslstarter.test.ExternalTool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** DH parameter files made by openssl: RFC 7919 groups map to names, anything else is refused. */
class DhParametersTest {

	@TempDir
	static Path dir;

	@BeforeAll
	static void openssl() {
		ExternalTool.openssl().require();
	}

	@Test
	void mapsRfc7919GroupsToTheirNames() throws Exception {
		for (String group : new String[] { "ffdhe2048", "ffdhe3072", "ffdhe4096" }) {
			assertThat(DhParameters.namedGroup(generate("genpkey", "-genparam", "-algorithm", "DH", "-pkeyopt",
					"group:" + group))).isEqualTo(group);
		}
	}

	@Test
	void refusesRandomDhParametersExplainingNamedGroups() throws Exception {
		// A small random prime keeps the test fast; its size does not matter, only that it is no RFC 7919 group.
		String pem = generate("genpkey", "-genparam", "-algorithm", "DH", "-pkeyopt", "dh_paramgen_prime_len:512",
				"-pkeyopt", "dh_paramgen_type:0");
		assertThat(pem).contains("-----BEGIN DH PARAMETERS-----");
		assertThatExceptionOfType(SpecException.class).isThrownBy(() -> DhParameters.namedGroup(pem))
			.withMessageContaining("512-bit prime")
			.withMessageContaining("named-groups: ffdhe2048");
	}

	@Test
	void refusesRandomX942Parameters() throws Exception {
		String pem = generate("dhparam", "-dsaparam", "1024");
		assertThat(pem).contains("-----BEGIN X9.42 DH PARAMETERS-----");
		assertThatExceptionOfType(SpecException.class).isThrownBy(() -> DhParameters.namedGroup(pem))
			.withMessageContaining("not one of the RFC 7919 groups");
	}

	@Test
	void refusesTextWithoutDhParameters() {
		assertThatExceptionOfType(SpecException.class)
			.isThrownBy(() -> DhParameters.namedGroup("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"))
			.withMessageContaining("BEGIN DH PARAMETERS");
	}

	private static String generate(String... args) throws Exception {
		Path out = Files.createTempFile(dir, "dh", ".pem");
		// -out goes first: dhparam wants its bit count last.
		String[] command = new String[args.length + 2];
		command[0] = args[0];
		command[1] = "-out";
		command[2] = out.toString();
		System.arraycopy(args, 1, command, 3, args.length - 1);
		ExternalTool.Result result = ExternalTool.openssl().run(command);
		assertThat(result.exitCode()).as(result.stderr()).isZero();
		return Files.readString(out);
	}

}
