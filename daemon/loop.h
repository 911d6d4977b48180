/* SPDX-License-Identifier: ISC */
/* Daemon mode: wait for mail, process it, send, reconnect when needed. */
#ifndef LOOP_H
#define LOOP_H

struct runtime;

int	loop_once(struct runtime *);
int	loop_run(struct runtime *);

#endif
