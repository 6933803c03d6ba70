/** The header the custom server sets to the socket's address before handing a request to Next. */
export const CLIENT_IP_HEADER = 'x-dcdock-client-ip';

/** The path and query the browser asked for, so a page can send the user back there after sign-in. */
export const REQUEST_PATH_HEADER = 'x-dcdock-path';
