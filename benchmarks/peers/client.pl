#!/usr/bin/perl
# An IO::Socket::SSL client for the external-peer benchmarks: for the given seconds, connects,
# sends one HTTP/1.0 request and reads to EOF, one connection at a time, with one context (and a
# session cache when resuming), TCP_NODELAY on. Arguments: port version resume(0|1) seconds ca.pem
# Prints: connections elapsed-nanoseconds errors
use strict;
use warnings;
use IO::Socket::INET;
use IO::Socket::SSL;
use Socket qw(IPPROTO_TCP TCP_NODELAY);
use Time::HiRes qw(time);

my ($port, $version, $resume, $seconds, $ca) = @ARGV;
my $context = IO::Socket::SSL::SSL_Context->new(
	SSL_version => $version, SSL_verify_mode => SSL_VERIFY_PEER, SSL_ca_file => $ca,
	SSL_verifycn_scheme => 'http', SSL_verifycn_name => 'localhost', SSL_hostname => 'localhost',
	($resume ? (SSL_session_cache_size => 10) : ()),
) or die "context: $SSL_ERROR";
my ($count, $errors) = (0, 0);
my $start = time();
my $end = $start + $seconds;
while (time() < $end) {
	# TCP_NODELAY as the Java clients have it (IO::Socket::SSL leaves Nagle on)
	my $socket = IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $port);
	if (!$socket) { $errors++; next; }
	setsockopt($socket, IPPROTO_TCP, TCP_NODELAY, 1);
	if (!IO::Socket::SSL->start_SSL($socket, SSL_reuse_ctx => $context, SSL_hostname => 'localhost',
			SSL_verifycn_name => 'localhost', SSL_verifycn_scheme => 'http',
			SSL_session_key => "localhost:$port")) {
		$errors++;
		close($socket);
		next;
	}
	print $socket "GET / HTTP/1.0\r\n\r\n";
	my $read = 0;
	while (my $n = sysread($socket, my $buffer, 16384)) { $read += $n; }
	$socket->close();
	if ($read > 0) { $count++ } else { $errors++ }
}
printf "%d %d %d\n", $count, (time() - $start) * 1e9, $errors;
