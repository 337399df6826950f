"""Server-rendered gameplay pages: start a game, play it, your games and the leaderboard."""
