/** The header the custom server sets to the socket's address before handing a request to Next. */
export const CLIENT_IP_HEADER = 'x-dcdock-client-ip';
