package io.github.sslstarter.verify;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IpLiteralsTest {

	@Test
	void parsesDottedQuad() {
		assertThat(IpLiterals.parseIpv4("192.168.0.255")).containsExactly(192, 168, 0, 255);
	}

	@Test
	void refusesShortLongOverflowingAndOctalLookingIpv4() {
		for (String text : new String[] { "127.1", "1.2.3.256", "12345.6", "1.2.3.4.5", "01.2.3.4", "1..2.3", "1.2.3.",
				"", "1.2.3.-4", "1.2.3.4 " }) {
			assertThat(IpLiterals.parseIpv4(text)).as(text).isNull();
		}
	}

	@Test
	void parsesEveryIpv6Form() {
		byte[] loopback = new byte[16];
		loopback[15] = 1;
		for (String text : new String[] { "::1", "0:0:0:0:0:0:0:1", "0000:0000:0000:0000:0000:0000:0000:0001", "::0:1",
				"0::1", "0:0:0::0:0:1" }) {
			assertThat(IpLiterals.parseIpv6(text)).as(text).isEqualTo(loopback);
		}
		assertThat(IpLiterals.parseIpv6("::")).isEqualTo(new byte[16]);
		assertThat(IpLiterals.parseIpv6("1::")).startsWith((byte) 0, (byte) 1);
		assertThat(IpLiterals.parseIpv6("::ffff:1.2.3.4")).endsWith((byte) 0xff, (byte) 0xff, (byte) 1, (byte) 2,
				(byte) 3, (byte) 4);
	}

	@Test
	void refusesMalformedIpv6() {
		for (String text : new String[] { ":::1", "1:::2", "1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::1",
				"::1%eth0", ":1", "1:", "g::1", "::1.2.3", "1:2:3:4:5:6:7:1.2.3.4", "::１" }) {
			assertThat(IpLiterals.parseIpv6(text)).as(text).isNull();
		}
	}

}
