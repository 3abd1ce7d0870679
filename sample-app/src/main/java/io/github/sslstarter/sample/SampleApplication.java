package io.github.sslstarter.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The starter's demo: with no configuration it generates a throwaway PKI, serves TLS echo
 * services and an SMTP-like STARTTLS service on loopback, talks to them through the injected
 * socket factory, and reports their health at {@code /actuator/health} and
 * {@code /actuator/tls}.
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
