"""Receipt printers: ESC/POS through python-escpos (MIT), and the decoder tests read its bytes with."""
