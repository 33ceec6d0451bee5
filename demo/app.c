/* The demo "distroless" workload: one static binary, nothing else in its image.
 * Listens on TCP 8080, answers each connection with a line, exits on SIGTERM. */
#include <netinet/in.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void on_term(int sig) { (void)sig; _exit(0); }

int main(void) {
    signal(SIGTERM, on_term);
    signal(SIGINT, on_term);
    int s = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(8080), .sin_addr.s_addr = htonl(INADDR_ANY) };
    if (bind(s, (struct sockaddr *)&a, sizeof a) != 0 || listen(s, 16) != 0) return 1;
    for (;;) {
        int c = accept(s, 0, 0);
        if (c < 0) continue;
        static const char msg[] = "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nhello from a distroless container\n";
        (void)write(c, msg, sizeof msg - 1);
        close(c);
    }
}
