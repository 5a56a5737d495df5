"""What an admin runs beside the bot on its data: copying a store from one database to another."""
